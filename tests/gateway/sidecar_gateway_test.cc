#include "freshauth/gateway/sidecar_gateway.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <mutex>
#include <set>

#include "freshauth/providers/partner_authenticator.h"
#include "support/http_probe.h"
#include "support/partner_idp.h"
#include "support/recording_upstream.h"
#include "support/temp_dir.h"
#include "support/unix_socket_client.h"
#include "support/wait_until.h"

namespace freshauth::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kPartner = "partner-7";
constexpr std::chrono::hours kLifetime{1};  // PartnerIdp's tokens

class SidecarGatewayTest : public ::testing::Test {
 protected:
  gateway::SidecarOptions options(std::optional<Credentials> credentials = Credentials{
                                      "alice", PartnerIdp::kPassword}) {
    gateway::SidecarOptions options;
    options.authenticator = std::make_shared<PartnerAuthenticator>(
        PartnerAuthenticatorOptions{idp_.base_url(), true, nullptr});
    options.credentials = std::move(credentials);
    options.context.partner_id = kPartner;
    options.routes = {{"/api/", upstream_.url(), true}};
    options.clock = clock_;
    options.log = [this](std::string_view line) {
      const std::lock_guard lock{mutex_};
      logs_.emplace_back(line);
    };
    return options;
  }

  void start(gateway::SidecarOptions options) {
    auto started = gateway::SidecarGateway::start(std::move(options));
    ASSERT_TRUE(started.ok()) << started.error().describe();
    sidecar_ = std::move(*started);
    site_ = std::make_unique<HttpProbe>("http://127.0.0.1:" + std::to_string(sidecar_->port()));
  }

  // Every answer the caller gets is kept, to check that none holds a token.
  HttpResult call(const std::string& target) {
    auto answer = site_->get(target);
    if (answer) {
      const std::lock_guard lock{mutex_};
      received_.push_back(answer->body);
      for (const auto& [name, value] : answer->headers.fields()) received_.push_back(value);
    }
    return answer;
  }

  nlohmann::json status() { return nlohmann::json::parse(call("/sidecar/status")->body); }

  std::string refresh_token_of_a_sign_in() {
    PartnerAuthenticator partner{{idp_.base_url(), true, nullptr}};
    auto outcome = partner.sign_in({"alice", PartnerIdp::kPassword});
    EXPECT_TRUE(outcome.ok());
    return std::get<TokenGrant>(*outcome).refresh_token.value_or("");
  }

  void expect_no_token_reached_the_caller(const std::vector<std::string>& secrets) {
    const std::lock_guard lock{mutex_};
    for (const auto& secret : secrets) {
      ASSERT_FALSE(secret.empty());
      for (const auto& text : received_) EXPECT_EQ(text.find(secret), std::string::npos);
      for (const auto& line : logs_) EXPECT_EQ(line.find(secret), std::string::npos);
    }
  }

  std::shared_ptr<ManualClock> clock_ = std::make_shared<ManualClock>();
  PartnerIdp idp_{clock_};
  RecordingUpstream upstream_{clock_};
  std::mutex mutex_;  // the sidecar logs from its threads until it is destroyed, before these
  std::vector<std::string> received_;
  std::vector<std::string> logs_;
  std::unique_ptr<gateway::SidecarGateway> sidecar_;
  std::unique_ptr<HttpProbe> site_;
};

TEST_F(SidecarGatewayTest, HeadersFromOneSnapshotAcrossThreeLifetimesWithNoFailedRequest) {
  start(options());
  int failed = 0;
  for (auto elapsed = 0min; elapsed < 3 * kLifetime; elapsed += 5min) {
    auto answer = call("/api/items?page=1");
    if (!answer || answer->status != 200) ++failed;
    clock_->advance(5min);
  }
  EXPECT_EQ(failed, 0);
  const auto seen = upstream_.seen();
  ASSERT_EQ(seen.size(), std::size_t{3 * kLifetime / 5min});
  std::set<std::string> tokens;
  for (const auto& request : seen) {
    EXPECT_FALSE(request.expired);
    EXPECT_EQ(request.target, "/api/items?page=1");
    EXPECT_TRUE(request.authorization.starts_with("Bearer "));
    EXPECT_EQ(request.partner_id, kPartner);
    EXPECT_TRUE(request.cookie.empty());
    tokens.insert(request.authorization.substr(7));
  }
  EXPECT_GE(tokens.size(), 3u) << "refreshed at least once per lifetime";
  EXPECT_EQ(idp_.faults().calls(PartnerIdp::kSignIn), 1) << "refreshed, never signed in again";
  expect_no_token_reached_the_caller({tokens.begin(), tokens.end()});
}

TEST_F(SidecarGatewayTest, AnUpstream401EndsTheGenerationAndANewSignInServesTheNextRequest) {
  start(options());
  ASSERT_EQ(call("/api/items")->status, 200);
  const auto first = status();
  ASSERT_EQ(first["signed_in"], true);
  upstream_.refuse_next();
  auto refused = call("/api/items");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 401);
  EXPECT_EQ(nlohmann::json::parse(refused->body)["error"], "session_expired");
  ASSERT_TRUE(idp_.faults().wait_for_calls(PartnerIdp::kSignIn, 2)) << "signed in again";
  ASSERT_TRUE(wait_until([&] { return status()["signed_in"] == true; }, 10s));
  EXPECT_GT(status()["generation"].get<std::uint64_t>(), first["generation"].get<std::uint64_t>());
  auto served = call("/api/items");
  ASSERT_TRUE(served);
  EXPECT_EQ(served->status, 200);
  const auto seen = upstream_.seen();
  ASSERT_EQ(seen.size(), 3u) << "the refused request was not retried";
  EXPECT_NE(seen[2].authorization, seen[0].authorization);
  EXPECT_EQ(seen[2].partner_id, kPartner);
}

TEST_F(SidecarGatewayTest, AFatalRefreshSignsInAgainWithoutWaitingForARequest) {
  start(options());
  server::ScriptedReply revoked;
  revoked.status = 401;
  revoked.body = R"({"message":"revoked"})";
  idp_.faults().script_always(PartnerIdp::kRefresh, revoked);
  // Into the hard window, where the timer refreshes at once (earlier, a jump makes it find the
  // refresh late and move it), and is refused.
  clock_->advance(kLifetime - 20s);
  ASSERT_TRUE(idp_.faults().wait_for_calls(PartnerIdp::kSignIn, 2));
  ASSERT_TRUE(wait_until([&] { return status()["signed_in"] == true; }, 10s));
  EXPECT_EQ(call("/api/items")->status, 200);
  EXPECT_FALSE(upstream_.seen().back().expired);
}

TEST_F(SidecarGatewayTest, StartsFromARefreshTokenWithoutCredentials) {
  const std::string refresh_token = refresh_token_of_a_sign_in();
  auto settings = options(std::nullopt);
  settings.refresh_token = refresh_token;
  start(std::move(settings));
  EXPECT_EQ(idp_.faults().calls(PartnerIdp::kSignIn), 1) << "only the test's own";
  EXPECT_GE(idp_.faults().calls(PartnerIdp::kRefresh), 1);
  auto answer = call("/api/items");
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 200);
  EXPECT_EQ(upstream_.seen().back().partner_id, kPartner);
  clock_->advance(kLifetime + 1min);
  EXPECT_EQ(call("/api/items")->status, 200) << "the given refresh token keeps working";
  upstream_.refuse_next();
  EXPECT_EQ(call("/api/items")->status, 401);
  EXPECT_EQ(call("/api/items")->status, 401) << "no credentials: the session stays ended";
  EXPECT_EQ(status()["signed_in"], false);
  expect_no_token_reached_the_caller({refresh_token, upstream_.seen().front().authorization});
}

TEST_F(SidecarGatewayTest, StatusSaysWhoIsSignedInUntilWhenAndNeverAToken) {
  start(options());
  ASSERT_EQ(call("/api/items")->status, 200);
  const auto body = status();
  EXPECT_EQ(body["signed_in"], true);
  EXPECT_EQ(body["signing_in"], false);
  EXPECT_EQ(body["partner_id"], kPartner);
  EXPECT_EQ(body["access_token_expires_at"].get<long long>(),
            to_epoch_seconds(clock_->now() + kLifetime).count());
  EXPECT_EQ(call("/healthz")->status, 200);
  auto metrics = call("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_THAT(metrics->body, HasSubstr("freshauth_gateway_sessions 1"));
  EXPECT_EQ(call("/admin/users")->status, 404);
  EXPECT_EQ(call("/api/%2e%2e/admin")->status, 404);
  expect_no_token_reached_the_caller({upstream_.seen().front().authorization.substr(7)});
}

TEST_F(SidecarGatewayTest, ARouteWithoutASessionGetsNoTokenAndItsAnswersEndNothing) {
  auto settings = options();
  settings.routes.push_back({"/api/public/", upstream_.url(), false, true});
  start(std::move(settings));
  const auto before = status()["generation"];
  auto answer = call("/api/public/logo");
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 401) << "the upstream's own answer to a request without a token";
  ASSERT_EQ(upstream_.seen().size(), 1u);
  EXPECT_TRUE(upstream_.seen()[0].authorization.empty());
  EXPECT_TRUE(upstream_.seen()[0].partner_id.empty());
  EXPECT_EQ(status()["generation"], before) << "the session goes on";
  EXPECT_EQ(call("/api/items")->status, 200);
}

TEST_F(SidecarGatewayTest, ANonLoopbackListenAddressIsRefused) {
  for (const char* host : {"0.0.0.0", "192.0.2.1", "::"}) {
    auto settings = options();
    settings.http.host = host;
    auto started = gateway::SidecarGateway::start(std::move(settings));
    ASSERT_FALSE(started.ok()) << host;
    EXPECT_EQ(started.error().code, Errc::invalid_argument);
    EXPECT_THAT(started.error().message, HasSubstr("loopback"));
  }
  EXPECT_EQ(idp_.faults().calls(PartnerIdp::kSignIn), 0) << "refused before signing in";
  auto settings = options();
  settings.http.host = "127.0.0.1";
  auto local = gateway::SidecarGateway::start(std::move(settings));
  EXPECT_TRUE(local.ok()) << local.error().describe();
}

TEST_F(SidecarGatewayTest, OnAUnixSocketItForwardsWithFreshAuthorizationAndServesItsOwnRoutes) {
  TempDir dir;
  const auto socket_path = dir / "sidecar.sock";
  auto settings = options();
  settings.http.unix_socket = socket_path.string();
  settings.http.host = "0.0.0.0";  // not used on a Unix socket: no allow_remote needed
  start(std::move(settings));
  EXPECT_EQ(sidecar_->port(), 0);
  EXPECT_EQ(mode_of(socket_path), 0600);
  UnixSocketClient client{socket_path.string()};
  for (auto elapsed = 0min; elapsed < 2 * kLifetime; elapsed += 20min) {
    const auto answer = client.get("/api/items?page=1");
    ASSERT_EQ(answer.status, 200) << answer.error;
    clock_->advance(20min);
  }
  const auto seen = upstream_.seen();
  ASSERT_EQ(seen.size(), std::size_t{2 * kLifetime / 20min});
  std::set<std::string> tokens;
  for (const auto& request : seen) {
    EXPECT_FALSE(request.expired);
    EXPECT_EQ(request.target, "/api/items?page=1");
    EXPECT_TRUE(request.authorization.starts_with("Bearer "));
    EXPECT_EQ(request.partner_id, kPartner);
    EXPECT_EQ(request.forwarded_for, "unix") << "the caller has no address to forward";
    tokens.insert(request.authorization.substr(7));
  }
  EXPECT_GE(tokens.size(), 2U) << "refreshed while served on the socket";
  const auto status = client.get("/sidecar/status");
  ASSERT_EQ(status.status, 200) << status.error;
  EXPECT_EQ(nlohmann::json::parse(status.body)["signed_in"], true);
  EXPECT_EQ(client.get("/healthz").status, 200);
  const auto metrics = client.get("/metrics");
  EXPECT_THAT(metrics.body, HasSubstr("freshauth_gateway_sessions 1"));
  EXPECT_EQ(client.get("/admin/users").status, 404);
  for (const auto& token : tokens) {
    EXPECT_THAT(status.body + metrics.body, Not(HasSubstr(token)));
  }
  sidecar_->stop();
  EXPECT_FALSE(std::filesystem::exists(socket_path));
}

TEST_F(SidecarGatewayTest, BadCredentialsFailTheStartWithAClearError) {
  auto started = gateway::SidecarGateway::start(options(Credentials{"alice", "not the password"}));
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.error().code, Errc::invalid_credentials);
  EXPECT_THAT(started.error().message, HasSubstr("signing in as alice failed"));
  EXPECT_THAT(started.error().message, Not(HasSubstr("not the password")));
}

TEST_F(SidecarGatewayTest, AnMfaChallengeFailsTheStart) {
  auto started = gateway::SidecarGateway::start(
      options(Credentials{PartnerIdp::kMfaUser, PartnerIdp::kPassword}));
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.error().code, Errc::mfa_required);
}

TEST_F(SidecarGatewayTest, NeitherCredentialsNorARefreshTokenIsAnError) {
  auto started = gateway::SidecarGateway::start(options(std::nullopt));
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.error().code, Errc::invalid_argument);
}

}  // namespace
}  // namespace freshauth::testing
