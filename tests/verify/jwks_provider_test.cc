#include "freshauth/verify/jwks_provider.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "freshauth/curl/curl_transport.h"
#include "freshauth/security/signing_key.h"
#include "freshauth/verify/jwt_verifier.h"
#include "jwks_test_server.h"
#include "support/token_corpus.h"
#include "support/wait_until.h"

namespace freshauth {
namespace {

using nlohmann::json;
using std::chrono::seconds;

std::string jwks_of(std::initializer_list<const SigningKey*> keys) {
  json document = {{"keys", json::array()}};
  for (const auto* key : keys) document["keys"].push_back(key->public_jwk());
  return document.dump();
}

bool found(const KeyLookup& lookup) {
  return std::holds_alternative<std::shared_ptr<const PublicKey>>(lookup);
}
VerifyErrc reason(const KeyLookup& lookup) { return std::get<VerifyFailure>(lookup).reason; }

class JwksProviderTest : public ::testing::Test {
 protected:
  JwksProviderTest() : server_(jwks_of({&old_key_})) {}

  std::shared_ptr<JwksProvider> provider(JwksProviderOptions options = {}) {
    if (!options.background) options.background = inline_executor();
    return JwksProvider::from_uri(server_.url(), transport_, clock_, std::move(options)).value();
  }

  ManualClock clock_;
  SigningKey old_key_ = SigningKey::generate_rsa("old").value();
  SigningKey new_key_ = SigningKey::generate_rsa("new").value();
  testing::JwksTestServer server_;
  std::shared_ptr<HttpTransport> transport_ = std::make_shared<CurlTransport>();
};

TEST_F(JwksProviderTest, FetchesOnFirstUseThenServesFromCache) {
  auto keys = provider();
  EXPECT_EQ(server_.fetches(), 0);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(found(keys->find("old")));
  EXPECT_EQ(server_.fetches(), 1);
}

TEST_F(JwksProviderTest, UnknownKidRefetchesAtMostOncePerPenaltyPeriod) {
  auto keys = provider();
  ASSERT_TRUE(found(keys->find("old")));
  for (int i = 0; i < 20; ++i) EXPECT_EQ(reason(keys->find("bogus")), VerifyErrc::unknown_key);
  EXPECT_EQ(server_.fetches(), 2);
  clock_.advance(seconds{9});
  EXPECT_EQ(reason(keys->find("bogus")), VerifyErrc::unknown_key);
  EXPECT_EQ(server_.fetches(), 2);
  clock_.advance(seconds{1});
  EXPECT_EQ(reason(keys->find("bogus")), VerifyErrc::unknown_key);
  EXPECT_EQ(server_.fetches(), 3);
}

TEST_F(JwksProviderTest, RotationIsPickedUpByTheFirstTokenWithTheNewKid) {
  auto keys = provider();
  auto config = testing::TokenCorpus::config();
  JwtVerifier verifier(config, keys, clock_);
  testing::TokenCorpus claims_source(clock_.now());
  EXPECT_TRUE(verifier.verify(sign_jwt(old_key_, claims_source.access_claims()).value()).ok());
  server_.publish(jwks_of({&old_key_, &new_key_}));
  for (int i = 0; i < 10; ++i) {
    const auto result = verifier.verify(sign_jwt(new_key_, claims_source.access_claims()).value());
    EXPECT_TRUE(result.ok()) << result.error().describe();
  }
  EXPECT_EQ(server_.fetches(), 2);
}

TEST_F(JwksProviderTest, StaleKeysAreRefreshedInTheBackgroundWhileStillServing) {
  JwksProviderOptions options;
  options.refresh_interval = seconds{60};
  auto keys = provider(options);
  ASSERT_TRUE(found(keys->find("old")));
  server_.publish(jwks_of({&new_key_}));
  clock_.advance(seconds{59});
  EXPECT_TRUE(found(keys->find("old")));
  EXPECT_EQ(server_.fetches(), 1);
  clock_.advance(seconds{1});
  EXPECT_TRUE(found(keys->find("old"))) << "served from the cache, refreshed behind it";
  EXPECT_EQ(server_.fetches(), 2);
  EXPECT_TRUE(found(keys->find("new")));
  EXPECT_EQ(server_.fetches(), 2);
}

TEST_F(JwksProviderTest, FailedFetchKeepsTheKeysAndIsRetriedAfterThePenalty) {
  JwksProviderOptions options;
  options.refresh_interval = seconds{60};
  auto keys = provider(options);
  ASSERT_TRUE(found(keys->find("old")));
  server_.fail_with(503);
  clock_.advance(seconds{60});
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(found(keys->find("old")));
  EXPECT_EQ(server_.fetches(), 2);
  clock_.advance(seconds{10});
  EXPECT_TRUE(found(keys->find("old")));
  EXPECT_EQ(server_.fetches(), 3);
}

TEST_F(JwksProviderTest, UnreachableJwksIsKeysUnavailableWithoutAFetchStorm) {
  server_.fail_with(500);
  auto keys = provider();
  for (int i = 0; i < 5; ++i) EXPECT_EQ(reason(keys->find("old")), VerifyErrc::keys_unavailable);
  EXPECT_EQ(server_.fetches(), 1);
  server_.fail_with(200);
  clock_.advance(seconds{10});
  EXPECT_TRUE(found(keys->find("old")));
}

TEST_F(JwksProviderTest, ConcurrentUnknownKidsShareOneFetch) {
  auto keys = provider();
  ASSERT_TRUE(found(keys->find("old")));
  server_.publish(jwks_of({&old_key_, &new_key_}));
  // The fetch for "new" is held at the server until it has arrived and every caller is on its
  // way, so they ask while it is in flight.
  const auto fetch = std::make_shared<server::FaultGate>();
  server_.hold_next_fetch(fetch);
  constexpr int kCallers = 8;
  std::vector<std::jthread> threads;
  std::atomic<int> calling{0};
  std::atomic<int> resolved{0};
  for (int i = 0; i < kCallers; ++i) {
    threads.emplace_back([&] {
      ++calling;
      resolved += found(keys->find("new")) ? 1 : 0;
    });
  }
  const bool arrived = fetch->wait_for_arrivals(1, std::chrono::seconds{60});
  const bool all_calling = testing::wait_until([&] { return calling.load() == kCallers; });
  fetch->open();
  threads.clear();
  EXPECT_TRUE(arrived) << "no JWKS fetch reached the server within the deadline";
  EXPECT_TRUE(all_calling) << "not every caller started within the deadline";
  EXPECT_FALSE(fetch->gave_up());
  EXPECT_EQ(server_.fetches(), 2);
  EXPECT_EQ(resolved.load(), kCallers);
}

TEST_F(JwksProviderTest, OwnWorkerRefreshesInTheBackground) {
  JwksProviderOptions options;
  options.refresh_interval = seconds{60};
  auto keys = JwksProvider::from_uri(server_.url(), transport_, clock_, options).value();
  ASSERT_TRUE(found(keys->find("old")));
  clock_.advance(seconds{60});
  EXPECT_TRUE(found(keys->find("old")));
  keys.reset();  // joins the worker
  EXPECT_EQ(server_.fetches(), 2);
}

TEST(JwksUriTest, PlainHttpOnlyForLoopbackOrByOptIn) {
  ManualClock clock;
  auto transport = std::make_shared<CurlTransport>();
  EXPECT_TRUE(JwksProvider::from_uri("https://idp.example/jwks.json", transport, clock).ok());
  EXPECT_TRUE(JwksProvider::from_uri("http://127.0.0.1:8080/jwks.json", transport, clock).ok());
  EXPECT_TRUE(JwksProvider::from_uri("http://localhost/jwks.json", transport, clock).ok());
  EXPECT_FALSE(JwksProvider::from_uri("http://idp.example/jwks.json", transport, clock).ok());
  EXPECT_FALSE(JwksProvider::from_uri("http://127.0.0.1.evil.example/x", transport, clock).ok());
  EXPECT_FALSE(JwksProvider::from_uri("ftp://idp.example/jwks.json", transport, clock).ok());
  EXPECT_FALSE(JwksProvider::from_uri("https:///jwks.json", transport, clock).ok());
  JwksProviderOptions opt_in;
  opt_in.allow_plain_http = true;
  EXPECT_TRUE(
      JwksProvider::from_uri("http://idp.example/jwks.json", transport, clock, opt_in).ok());
}

}  // namespace
}  // namespace freshauth
