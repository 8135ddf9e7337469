// Interop: SessionEngine + CognitoAuthenticator against cognito-local (npm), a Cognito emulator we
// did not write, over HTTP on 127.0.0.1 and a free port. Its app client issues access tokens that
// live kTokenLifetime seconds, and its InitiateAuth answers carry no ExpiresIn.
#include <gtest/gtest.h>

#include <algorithm>
#include <latch>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "freshauth/core/session_engine.h"
#include "freshauth/core/token_claims.h"
#include "freshauth/curl/curl_transport.h"
#include "freshauth/idp/totp.h"
#include "freshauth/providers/cognito_authenticator.h"
#include "freshauth/verify/jwks_provider.h"
#include "freshauth/verify/jwt_verifier.h"
#include "interop/cognito_local_peer.h"
#include "support/fake_transport.h"
#include "support/peers.h"

namespace freshauth::testing {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::seconds;

const std::filesystem::path kSourceDir = FRESHAUTH_SOURCE_DIR;
constexpr seconds kTokenLifetime{6};
// Inside the hard window of a 6 s token (the policy waits for the refresh below 1.5 s).
constexpr seconds kIntoHardWindow{5};
constexpr const char* kRefreshFlow = R"("REFRESH_TOKEN_AUTH")";

class CognitoLocalSessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FRESHAUTH_REQUIRE_PEER(node_available(), "node");
    FRESHAUTH_REQUIRE_PEER(node_package_installed(kSourceDir, "cognito-local"),
                           "node_modules/cognito-local");
    peer_ = std::make_unique<CognitoLocalPeer>(kSourceDir, kTokenLifetime);
    ASSERT_TRUE(peer_->running()) << "cognito-local did not start (see stderr)";
    cognito_ = std::make_shared<CognitoAuthenticator>(CognitoAuthenticatorOptions{
        peer_->get("clientId"), std::nullopt, "", peer_->get("endpoint"), wire_});
  }

  std::unique_ptr<SessionEngine> engine(std::shared_ptr<const Clock> clock) {
    SessionEngineOptions options;
    options.clock = std::move(clock);
    return std::make_unique<SessionEngine>(cognito_, std::move(options));
  }
  Credentials user() const { return {peer_->get("username"), peer_->get("password")}; }
  std::size_t refresh_calls() const { return wire_->with_body_containing(kRefreshFlow).size(); }

  std::unique_ptr<CognitoLocalPeer> peer_;
  std::shared_ptr<FakeTransport> wire_ = FakeTransport::forwarding_to(
      std::make_shared<CurlTransport>(CurlTransportOptions{.timeout = milliseconds{10'000}}));
  std::shared_ptr<CognitoAuthenticator> cognito_;
  std::shared_ptr<ManualClock> clock_ = std::make_shared<ManualClock>();
};

TEST_F(CognitoLocalSessionTest, NoExpiresInSoTheTokensExpDecides) {
  auto sessions = engine(clock_);
  auto signed_in = sessions->sign_in(user(), {});
  ASSERT_TRUE(signed_in.ok()) << signed_in.error().describe();
  ASSERT_FALSE(signed_in->has_value()) << "no MFA expected for this user";
  const auto answer = json::parse(wire_->exchanges().at(0).response->body);
  EXPECT_FALSE(answer["AuthenticationResult"].contains("ExpiresIn"));  // cognito-local's quirk
  EXPECT_EQ(sessions->current()->lifetime(), kTokenLifetime);
}

TEST_F(CognitoLocalSessionTest, RefreshesAcrossThreeExpiriesInRealTimeWithZeroFailedCalls) {
  auto clock = std::make_shared<SystemClock>();
  auto keys = JwksProvider::from_uri(peer_->jwks_uri(), std::make_shared<CurlTransport>(), *clock);
  ASSERT_TRUE(keys.ok()) << keys.error().describe();
  // What a backend in front of cognito-local does with each call's token: no leeway for exp.
  JwtVerifier backend({.issuer = peer_->get("issuer"), .client_ids = {peer_->get("clientId")}},
                      *keys, *clock);
  auto sessions = engine(clock);
  ASSERT_TRUE(sessions->sign_in(user(), {}).ok());

  std::set<std::int64_t> expiries;  // exp of every distinct token a call used
  int calls = 0;
  int failed = 0;
  const auto deadline = std::chrono::steady_clock::now() + seconds{60};
  auto expired_tokens = [&] {
    const auto now = to_epoch_seconds(clock->now()).count();
    return std::count_if(expiries.begin(), expiries.end(), [now](auto exp) { return exp <= now; });
  };
  while (expired_tokens() < 3 && std::chrono::steady_clock::now() < deadline) {
    ++calls;
    auto session = sessions->try_ensure_fresh();
    if (!session.ok() || !backend.verify(session->access_token()).ok()) {
      ++failed;
    } else {
      expiries.insert(decode_claims(session->access_token())->exp->count());
    }
    std::this_thread::sleep_for(milliseconds{20});  // the pace of the calls, not an expiry wait
  }
  EXPECT_GE(expired_tokens(), 3) << "the deadline passed first";
  EXPECT_EQ(failed, 0) << "of " << calls << " calls";
  EXPECT_GE(refresh_calls(), 3U);
  RecordProperty("calls", calls);
  RecordProperty("refreshes", static_cast<int>(refresh_calls()));
}

TEST_F(CognitoLocalSessionTest, RevokedRefreshTokenEndsTheSession) {
  auto sessions = engine(clock_);
  ASSERT_TRUE(sessions->sign_in(user(), {}).ok());
  ASSERT_TRUE(cognito_->revoke(sessions->current()->refresh_token).ok());
  clock_->advance(kIntoHardWindow);
  auto session = sessions->try_ensure_fresh();
  ASSERT_FALSE(session.ok());
  EXPECT_EQ(session.error().code, Errc::session_expired) << session.error().describe();
  EXPECT_EQ(sessions->current(), nullptr);
  EXPECT_EQ(refresh_calls(), 1U);
}

TEST_F(CognitoLocalSessionTest, HundredThreadsInTheHardWindowShareOneRefresh) {
  auto sessions = engine(clock_);
  ASSERT_TRUE(sessions->sign_in(user(), {}).ok());
  const std::string old_token = sessions->current()->access_token;
  clock_->advance(kIntoHardWindow);
  constexpr int kThreads = 100;
  std::latch start(kThreads);
  std::vector<std::string> tokens(kThreads);
  {
    std::vector<std::jthread> threads;
    for (int i = 0; i < kThreads; ++i) {
      threads.emplace_back([&, i] {
        start.arrive_and_wait();
        auto session = sessions->try_ensure_fresh();
        if (session.ok()) tokens[i] = session->access_token();
      });
    }
  }
  EXPECT_EQ(refresh_calls(), 1U);
  EXPECT_EQ(std::set<std::string>(tokens.begin(), tokens.end()).size(), 1U);
  EXPECT_NE(tokens.front(), old_token);
  EXPECT_FALSE(tokens.front().empty());
}

TEST_F(CognitoLocalSessionTest, DeviceKeyGoesWithEveryRefresh) {
  auto sessions = engine(clock_);
  ASSERT_TRUE(sessions->sign_in(user(), {"", "local_device-1", "group-1"}).ok());
  for (int i = 0; i < 2; ++i) {
    clock_->advance(kIntoHardWindow);
    ASSERT_TRUE(sessions->try_ensure_fresh().ok());
  }
  const auto refreshes = wire_->with_body_containing(kRefreshFlow);
  ASSERT_EQ(refreshes.size(), 2U);
  for (const auto& exchange : refreshes) {
    EXPECT_EQ(json::parse(exchange.request.body)["AuthParameters"]["DEVICE_KEY"], "local_device-1");
  }
}

TEST_F(CognitoLocalSessionTest, TotpSignIn) {
  auto sessions = engine(clock_);
  auto signed_in = sessions->sign_in({peer_->get("mfaUsername"), peer_->get("mfaPassword")}, {});
  ASSERT_TRUE(signed_in.ok()) << signed_in.error().describe();
  ASSERT_TRUE(signed_in->has_value());
  const MfaChallenge challenge = **signed_in;
  EXPECT_EQ(challenge.name, "SOFTWARE_TOKEN_MFA");
  EXPECT_FALSE(sessions->complete_mfa(challenge, "000000", {}).ok());

  auto again = sessions->sign_in({peer_->get("mfaUsername"), peer_->get("mfaPassword")}, {});
  const auto code = idp::totp_code(peer_->get("totpSecret"), SystemClock{}.now());
  ASSERT_TRUE(code.has_value());
  auto completed = sessions->complete_mfa(**again, *code, {});
  ASSERT_TRUE(completed.ok()) << completed.error().describe();
  EXPECT_EQ(sessions->current()->lifetime(), kTokenLifetime);

  // cognito-local 5.3 quirk: RespondToAuthChallenge never stores the refresh token it hands
  // out, so the first refresh after an MFA sign-in is refused. Real Cognito refreshes it.
  clock_->advance(kIntoHardWindow);
  auto refreshed = sessions->try_ensure_fresh();
  ASSERT_FALSE(refreshed.ok())
      << "cognito-local now refreshes after MFA: update docs/providers/cognito.md";
  EXPECT_EQ(refreshed.error().code, Errc::session_expired);
}

TEST_F(CognitoLocalSessionTest, WhatCognitoLocalRefusesOrLacks) {
  auto wrong = cognito_->sign_in({peer_->get("username"), "not the password"});
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, Errc::invalid_credentials);  // its InvalidPasswordException

  auto grant = std::get<TokenGrant>(cognito_->sign_in(user()).value());
  auto everywhere = cognito_->global_sign_out(grant.access_token);
  ASSERT_FALSE(everywhere.ok());
  EXPECT_EQ(everywhere.error().code, Errc::invalid_argument);
  EXPECT_NE(everywhere.error().message.find("does not implement"), std::string::npos);

  CognitoAuthenticator elsewhere(
      {peer_->get("clientId"), std::nullopt, "", peer_->get("endpoint") + "not-the-api", wire_});
  auto lost = elsewhere.sign_in(user());
  ASSERT_FALSE(lost.ok());
  EXPECT_EQ(lost.error().code, Errc::invalid_argument);
  EXPECT_NE(lost.error().message.find("not the Cognito JSON API"), std::string::npos);
}

}  // namespace
}  // namespace freshauth::testing
