#include "freshauth/verify/revocation_checking_verifier.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "verify/fake_introspection_endpoint.h"

namespace freshauth {
namespace {

using namespace std::chrono_literals;
using testing::FakeIntrospectionEndpoint;

// Accepts every token except "forged"; counts its calls.
class SignatureCheck final : public TokenVerifier {
 public:
  VerifyResult verify(std::string_view token) override {
    ++calls;
    if (token == "forged") return VerifyFailure{VerifyErrc::bad_signature, "forged"};
    return VerifiedToken{std::make_shared<const nlohmann::json>(nlohmann::json{{"sub", "u"}}), 0};
  }
  std::atomic<int> calls{0};
};

class RevocationCheckingVerifierTest : public ::testing::Test {
 protected:
  RevocationCheckingVerifier verifier(RevocationCheckOptions options = {}) {
    options.clock = clock_;
    return RevocationCheckingVerifier{
        inner_,
        std::make_shared<IntrospectionClient>(
            endpoint_, IntrospectionClientOptions{"http://idp/introspect", "rs", "secret"}),
        std::move(options)};
  }

  std::shared_ptr<ManualClock> clock_ = std::make_shared<ManualClock>();
  std::shared_ptr<SignatureCheck> inner_ = std::make_shared<SignatureCheck>();
  std::shared_ptr<FakeIntrospectionEndpoint> endpoint_ =
      std::make_shared<FakeIntrospectionEndpoint>();
};

TEST_F(RevocationCheckingVerifierTest, AnActiveTokenIsAskedAboutOncePerTtl) {
  auto check = verifier();
  for (int i = 0; i < 10; ++i) {
    const auto result = check.verify("t1");
    ASSERT_TRUE(result.ok()) << result.error().describe();
    EXPECT_EQ((*result->claims)["sub"], "u") << "the inner verifier's claims";
    clock_->advance(400ms);
  }
  EXPECT_EQ(endpoint_->requests, 1) << "4 s < the 5 s ttl";
  EXPECT_EQ(inner_->calls, 10) << "the signature is checked on every call";
  clock_->advance(1s);
  EXPECT_TRUE(check.verify("t1").ok());
  EXPECT_EQ(endpoint_->requests, 2) << "asked again after the ttl";
}

TEST_F(RevocationCheckingVerifierTest, ARevokedTokenIsRefusedWithinTheTtl) {
  auto check = verifier();
  ASSERT_TRUE(check.verify("t1").ok());
  endpoint_->revoke("t1");
  clock_->advance(4s);
  EXPECT_TRUE(check.verify("t1").ok()) << "the cached answer still holds";
  clock_->advance(1s);
  const auto refused = check.verify("t1");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().reason, VerifyErrc::revoked);
  clock_->advance(1s);
  EXPECT_EQ(check.verify("t1").error().reason, VerifyErrc::revoked) << "inactive is cached too";
  EXPECT_EQ(endpoint_->requests, 2);
}

TEST_F(RevocationCheckingVerifierTest, ATokenTheSignatureCheckRefusesCostsNoIntrospection) {
  auto check = verifier();
  EXPECT_EQ(check.verify("forged").error().reason, VerifyErrc::bad_signature);
  EXPECT_EQ(endpoint_->requests, 0);
}

TEST_F(RevocationCheckingVerifierTest, EndpointDownFailsClosedByDefaultAndIsNotCached) {
  auto check = verifier();
  endpoint_->down = true;
  const auto refused = check.verify("t1");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().reason, VerifyErrc::revocation_unknown);
  EXPECT_EQ(refused.error().message.find("secret"), std::string::npos);
  endpoint_->down = false;
  endpoint_->status = 503;
  EXPECT_EQ(check.verify("t1").error().reason, VerifyErrc::revocation_unknown);
  endpoint_->status = 0;
  EXPECT_TRUE(check.verify("t1").ok()) << "failures are not cached";
  EXPECT_EQ(endpoint_->requests, 3);
}

TEST_F(RevocationCheckingVerifierTest, EndpointDownFailsOpenWhenAskedTo) {
  RevocationCheckOptions options;
  options.fail_closed = false;
  auto check = verifier(options);
  endpoint_->down = true;
  EXPECT_TRUE(check.verify("t1").ok());
  EXPECT_EQ(check.verify("forged").error().reason, VerifyErrc::bad_signature) << "still checked";
}

TEST_F(RevocationCheckingVerifierTest, TheCacheIsBoundedAndDropsTheOldestFirst) {
  RevocationCheckOptions options;
  options.max_entries = 3;
  auto check = verifier(options);
  for (const char* token : {"t1", "t2", "t3", "t4"}) {
    ASSERT_TRUE(check.verify(token).ok());
    clock_->advance(1s);
  }
  EXPECT_EQ(check.cached(), 3u);
  EXPECT_EQ(endpoint_->requests, 4);
  ASSERT_TRUE(check.verify("t4").ok());
  ASSERT_TRUE(check.verify("t2").ok());
  EXPECT_EQ(endpoint_->requests, 4) << "t2..t4 kept";
  ASSERT_TRUE(check.verify("t1").ok());
  EXPECT_EQ(endpoint_->requests, 5) << "t1, the oldest, was dropped";
  clock_->advance(5s);
  ASSERT_TRUE(check.verify("t5").ok());
  EXPECT_EQ(check.cached(), 1u) << "expired answers go before anything else";
}

TEST_F(RevocationCheckingVerifierTest, ManyThreadsShareOneCache) {
  RevocationCheckOptions options;
  options.max_entries = 8;
  auto check = verifier(options);
  endpoint_->revoke("t0");
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 300; ++i) {
        const std::string token = "t" + std::to_string((t + i) % 12);
        const auto result = check.verify(token);
        if (result.ok() == (token == "t0")) ++wrong;
        if (t == 0 && i % 50 == 0) clock_->advance(2s);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong, 0);
  EXPECT_LE(check.cached(), 8u);
  EXPECT_LT(endpoint_->requests, 8 * 300) << "the cache served some calls";
}

}  // namespace
}  // namespace freshauth
