#include "freshauth/verify/caching_verifier.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "freshauth/verify/jwks_provider.h"
#include "freshauth/verify/jwt_verifier.h"
#include "support/token_corpus.h"

namespace freshauth {
namespace {

using std::chrono::seconds;
using testing::TokenCorpus;

// Counts how often the wrapped verifier really runs.
class CountingVerifier final : public TokenVerifier {
 public:
  explicit CountingVerifier(std::shared_ptr<TokenVerifier> inner) : inner_(std::move(inner)) {}
  VerifyResult verify(std::string_view token) override {
    ++calls;
    return inner_->verify(token);
  }
  std::atomic<int> calls{0};

 private:
  std::shared_ptr<TokenVerifier> inner_;
};

class CachingVerifierTest : public ::testing::Test {
 protected:
  std::shared_ptr<CountingVerifier> counting(VerifierConfig config = TokenCorpus::config()) {
    auto keys = JwksProvider::from_json(corpus_.jwks().dump(), clock_).value();
    return std::make_shared<CountingVerifier>(std::make_shared<JwtVerifier>(config, keys, clock_));
  }
  std::string token(const nlohmann::json& changes = nlohmann::json::object()) {
    return sign_jwt(corpus_.rsa1(), corpus_.access_claims(changes)).value();
  }

  ManualClock clock_;
  TokenCorpus corpus_{clock_.now()};
};

TEST_F(CachingVerifierTest, HotTokenIsVerifiedOnce) {
  auto inner = counting();
  CachingVerifier verifier(inner, clock_);
  const auto hot = token();
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(verifier.verify(hot).ok());
  EXPECT_EQ(inner->calls, 1);
  EXPECT_EQ(verifier.verify(hot)->claims->at("sub"), "user-1");
}

TEST_F(CachingVerifierTest, HitEndsAtExpiry) {
  auto inner = counting();
  CachingVerifier verifier(inner, clock_);
  const auto hot = token();
  ASSERT_TRUE(verifier.verify(hot).ok());
  clock_.advance(seconds{3599});
  EXPECT_TRUE(verifier.verify(hot).ok());
  EXPECT_EQ(inner->calls, 1);
  clock_.advance(seconds{1});
  EXPECT_EQ(verifier.verify(hot).error().reason, VerifyErrc::expired);
  EXPECT_EQ(verifier.cached(), 0U);
}

TEST_F(CachingVerifierTest, RefusalsAreNotCachedAndNeverServeAnotherToken) {
  auto inner = counting();
  CachingVerifier verifier(inner, clock_);
  const auto good = token();
  ASSERT_TRUE(verifier.verify(good).ok());
  auto tampered = good;
  tampered[tampered.size() - 2] = tampered[tampered.size() - 2] == 'A' ? 'B' : 'A';
  EXPECT_EQ(verifier.verify(tampered).error().reason, VerifyErrc::bad_signature);
  EXPECT_EQ(verifier.verify(tampered).error().reason, VerifyErrc::bad_signature);
  EXPECT_EQ(inner->calls, 3);
}

TEST_F(CachingVerifierTest, BoundedByCapacity) {
  auto inner = counting();
  CachingVerifier verifier(inner, clock_, /*capacity=*/16);
  for (int i = 0; i < 100; ++i)
    ASSERT_TRUE(verifier.verify(token({{"jti", std::to_string(i)}})).ok());
  EXPECT_LE(verifier.cached(), 16U);
}

TEST_F(CachingVerifierTest, ConcurrentHitsMissesAndExpiry) {
  auto inner = counting();
  CachingVerifier verifier(inner, clock_, /*capacity=*/8);
  std::vector<std::string> tokens;
  for (int i = 0; i < 12; ++i)
    tokens.push_back(token({{"jti", std::to_string(i)}, {"exp", 1'700'000'000 + 60 + i}}));
  std::atomic<int> accepted{0};
  {
    std::vector<std::jthread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < 60; ++i) {
          if (verifier.verify(tokens[(i + t) % tokens.size()]).ok()) ++accepted;
        }
      });
    }
    threads.emplace_back([&] {
      for (int i = 0; i < 10; ++i) clock_.advance(seconds{1});
    });
  }
  EXPECT_EQ(accepted.load(), 240);
  clock_.advance(seconds{100});
  for (const auto& t : tokens) EXPECT_EQ(verifier.verify(t).error().reason, VerifyErrc::expired);
}

}  // namespace
}  // namespace freshauth
