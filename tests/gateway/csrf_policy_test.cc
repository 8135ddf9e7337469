#include "gateway/csrf_policy.h"

#include <gtest/gtest.h>

namespace freshauth::gateway {
namespace {

const CsrfPolicy kPolicy{"X-CSRF", {"https://app.example.com"}};

TEST(CsrfPolicy, ASameOriginCallWithTheMarkerPasses) {
  EXPECT_FALSE(csrf_refusal({{"X-CSRF", "1"}}, kPolicy));
  EXPECT_FALSE(csrf_refusal({{"x-csrf", "1"}, {"Origin", "https://app.example.com"}}, kPolicy));
  EXPECT_FALSE(csrf_refusal({{"X-CSRF", "1"}, {"Sec-Fetch-Site", "same-origin"}}, kPolicy));
}

TEST(CsrfPolicy, WithoutTheMarkerIsRefused) {
  auto refusal = csrf_refusal({{"Origin", "https://app.example.com"}}, kPolicy);
  ASSERT_TRUE(refusal);
  EXPECT_NE(refusal->find("X-CSRF: 1"), std::string::npos) << "says what to send";
  EXPECT_TRUE(csrf_refusal({{"X-CSRF", "0"}}, kPolicy));
  EXPECT_TRUE(csrf_refusal({{"X-CSRF", ""}}, kPolicy));
}

TEST(CsrfPolicy, AnotherOriginOrACrossSiteFetchIsRefused) {
  EXPECT_TRUE(csrf_refusal({{"X-CSRF", "1"}, {"Origin", "https://evil.example"}}, kPolicy));
  EXPECT_TRUE(csrf_refusal({{"X-CSRF", "1"}, {"Origin", "null"}}, kPolicy));
  EXPECT_TRUE(csrf_refusal({{"X-CSRF", "1"}, {"Origin", "https://app.example.com.evil"}}, kPolicy));
  EXPECT_TRUE(csrf_refusal({{"X-CSRF", "1"}, {"Sec-Fetch-Site", "cross-site"}}, kPolicy));
  EXPECT_TRUE(csrf_refusal({{"X-CSRF", "1"}, {"Origin", "https://app.example.com"}},
                           CsrfPolicy{"X-CSRF", {}}))
      << "an empty allowlist allows no Origin";
}

}  // namespace
}  // namespace freshauth::gateway
