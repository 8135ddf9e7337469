#include "flows/redirect_callback.h"

#include <gtest/gtest.h>

namespace freshauth::detail {
namespace {

constexpr const char* kState = "s-123";

std::string header(const server::ServerResponse& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return {};
}

TEST(RedirectCallbackTest, AcceptsTheCodeWithTheRightState) {
  const auto callback = interpret_redirect("code=C%2F1&state=s-123", kState);
  ASSERT_TRUE(callback.code.ok()) << callback.code.error().describe();
  EXPECT_EQ(*callback.code, "C/1");
  EXPECT_EQ(callback.page.status, 200);
  EXPECT_NE(callback.page.body.find("close this window"), std::string::npos);
  EXPECT_EQ(header(callback.page, "Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(header(callback.page, "Referrer-Policy"), "no-referrer");
  EXPECT_EQ(header(callback.page, "Cache-Control"), "no-store");
}

TEST(RedirectCallbackTest, RefusesAnotherStateBeforeLookingAtTheRest) {
  for (const char* query : {"code=C&state=s-124", "code=C", "code=C&state=s-123&state=s-123",
                            "error=access_denied&state=other", "state=%zz"}) {
    const auto callback = interpret_redirect(query, kState);
    ASSERT_FALSE(callback.code.ok()) << query;
    EXPECT_EQ(callback.code.error().code, Errc::invalid_argument) << query;
    EXPECT_NE(callback.code.error().message.find("state"), std::string::npos);
    EXPECT_EQ(callback.page.status, 400);
    EXPECT_NE(callback.page.body.find("does not belong to the sign-in"), std::string::npos);
  }
}

TEST(RedirectCallbackTest, ServerErrorsSayWhatHappened) {
  const auto denied = interpret_redirect("error=access_denied&state=s-123", kState);
  ASSERT_FALSE(denied.code.ok());
  EXPECT_EQ(denied.code.error().code, Errc::invalid_credentials);
  EXPECT_NE(denied.page.body.find("access_denied"), std::string::npos);

  const auto busy = interpret_redirect("error=temporarily_unavailable&state=s-123", kState);
  EXPECT_EQ(busy.code.error().code, Errc::transient);

  const auto misconfigured =
      interpret_redirect("error=invalid_scope&error_description=nope&state=s-123", kState);
  EXPECT_EQ(misconfigured.code.error().code, Errc::invalid_argument);
  EXPECT_NE(misconfigured.code.error().message.find("invalid_scope"), std::string::npos);
}

TEST(RedirectCallbackTest, OddErrorCodesAreNeitherEchoedNorRendered) {
  const auto callback =
      interpret_redirect("error=%3Cscript%3Ealert(1)%3C%2Fscript%3E&state=s-123", kState);
  ASSERT_FALSE(callback.code.ok());
  EXPECT_EQ(callback.page.body.find("<script>"), std::string::npos);
  EXPECT_EQ(callback.code.error().message.find("script"), std::string::npos);
}

TEST(RedirectCallbackTest, NeitherCodeNorError) {
  const auto callback = interpret_redirect("state=s-123", kState);
  ASSERT_FALSE(callback.code.ok());
  EXPECT_EQ(callback.code.error().code, Errc::invalid_argument);
  EXPECT_EQ(callback.page.status, 400);
}

}  // namespace
}  // namespace freshauth::detail
