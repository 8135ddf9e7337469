#include "gateway/gateway_command.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "apps/common/test_context.h"
#include "common/duration_text.h"
#include "common/exit_codes.h"
#include "common/listen_address.h"
#include "freshauth/stores/encryption_key.h"
#include "gateway/gateway_flags.h"
#include "support/temp_dir.h"

namespace freshauth::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kSecret = "s3cret-value-never-printed";

// A BFF command line that is complete but for what each test takes away. Nothing here reaches
// the network: every error below is found first.
cli::GatewayOptions bff() {
  cli::GatewayOptions options;
  options.profile.overrides.issuer = "http://127.0.0.1:1";
  options.profile.overrides.client_id = "web";
  options.redirect_uri = "https://app.example.com/auth/callback";
  options.routes = {"/api/=http://127.0.0.1:9000"};
  return options;
}

cli::GatewayOptions sidecar() {
  cli::GatewayOptions options;
  options.sidecar = true;
  options.profile.overrides.endpoint = "http://127.0.0.1:1";
  options.profile.overrides.username = "svc";
  options.password_env = "SVC_PASSWORD";
  options.routes = {"/api/=http://127.0.0.1:9000"};
  return options;
}

struct Run {
  int code;
  std::string out, err;
};

Run run(const cli::GatewayOptions& options, std::map<std::string, std::string> env = {}) {
  TestContext test{std::move(env)};
  const int code = cli::run(options, test.context);
  return {code, test.out.str(), test.err.str()};
}

void expect_usage(const Run& result, const std::string& says) {
  EXPECT_EQ(result.code, cli::kExitUsage) << result.err;
  EXPECT_THAT(result.err, HasSubstr(says));
  EXPECT_THAT(result.err, Not(HasSubstr(kSecret)));
  EXPECT_TRUE(result.out.empty()) << "nothing started";
}

TEST(GatewayCommandTest, TheBffNeedsAnIssuerAClientIdAndARedirectUri) {
  auto options = bff();
  options.profile.overrides.issuer.reset();
  expect_usage(run(options), "--issuer");
  options = bff();
  options.profile.overrides.client_id.reset();
  expect_usage(run(options), "--client-id");
  options = bff();
  options.redirect_uri.reset();
  expect_usage(run(options), "--redirect-uri");
}

TEST(GatewayCommandTest, ASecretVariableThatIsNotSetIsAUsageError) {
  auto options = bff();
  options.client_secret_env = "WEB_SECRET";
  expect_usage(run(options, {{"OTHER", kSecret}}), "$WEB_SECRET, which is not set");
  expect_usage(run(sidecar(), {{"OTHER", kSecret}}), "$SVC_PASSWORD, which is not set");
}

TEST(GatewayCommandTest, ASessionDatabaseNeedsAKeyFileAndTheOtherWayRound) {
  auto options = bff();
  options.session_db = "/tmp/sessions.db";
  expect_usage(run(options), "--session-db and --key-file go together");
  options = bff();
  options.key_file = "/tmp/session.key";
  expect_usage(run(options), "--session-db and --key-file go together");
}

TEST(GatewayCommandTest, RedisNeedsAKeyFileAndNoSessionDbAndItsPasswordFromTheEnvironment) {
  TempDir dir;
  const auto key = dir / "session.key";
  write_file(key, EncryptionKey::generate().to_hex() + "\n");
  auto options = bff();
  options.redis = "redis://127.0.0.1:6379";
  expect_usage(run(options), "--redis and --key-file");
  options.key_file = key.string();
  options.session_db = (dir / "sessions.db").string();
  expect_usage(run(options), "--session-db or --redis, not both");
  options.session_db.reset();
  options.redis = "http://127.0.0.1:6379";
  expect_usage(run(options), "--redis: not a Redis address");
  options.redis = std::string{"redis://:"} + kSecret + "@127.0.0.1:6379";
  auto in_url = run(options);
  expect_usage(in_url, "the password goes in the environment");
  EXPECT_THAT(in_url.err, Not(HasSubstr(kSecret)));
  options.redis = "unix:/run/redis.sock";
  options.redis_password_env = "REDIS_PASSWORD";
  expect_usage(run(options, {{"OTHER", kSecret}}), "$REDIS_PASSWORD, which is not set");
  auto side = sidecar();
  side.redis = "unix:/run/redis.sock";
  expect_usage(run(side, {{"SVC_PASSWORD", kSecret}}), "--redis is for the BFF");
}

TEST(GatewayCommandTest, AKeyFileOthersCanReadIsRefused) {
  TempDir dir;
  const auto key = dir / "session.key";
  std::ofstream{key} << EncryptionKey::generate().to_hex() << "\n";
  std::filesystem::permissions(
      key, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write |
               std::filesystem::perms::group_read | std::filesystem::perms::others_read);
  auto options = bff();
  options.session_db = (dir / "sessions.db").string();
  options.key_file = key.string();
  expect_usage(run(options), "--key-file");
  EXPECT_FALSE(std::filesystem::exists(dir / "sessions.db"));
}

TEST(GatewayCommandTest, BadRoutesListenAddressesAndDurationsAreUsageErrors) {
  for (const char* route : {"api=http://127.0.0.1:9000", "/api=http://127.0.0.1:9000",
                            "/api/=ftp://127.0.0.1", "/api/", "/=http://127.0.0.1:9000"}) {
    auto options = bff();
    options.routes = {route};
    expect_usage(run(options), "PREFIX=URL");
  }
  auto options = bff();
  options.routes.clear();
  expect_usage(run(options), "give at least one --route");
  for (const char* listen : {"8080", "unix:", "unix:relative/sidecar.sock"}) {
    options = sidecar();
    options.listen = listen;
    expect_usage(run(options, {{"SVC_PASSWORD", kSecret}}),
                 "--listen takes HOST:PORT or unix:PATH");
  }
  options = bff();
  options.idle_timeout = "30 minutes";
  expect_usage(run(options), "--idle-timeout takes a duration");
}

TEST(GatewayCommandTest, RoutesWithoutASessionAddNoCredentials) {
  auto options = bff();
  options.partner_routes = {"/partner/=http://127.0.0.1:9001"};
  options.routes_without_session = {"/app/=http://127.0.0.1:9002"};
  auto routes = cli::gateway_routes(options);
  ASSERT_TRUE(routes.ok()) << routes.error().message;
  ASSERT_EQ(routes->size(), 3u);
  EXPECT_FALSE((*routes)[0].partner_header || (*routes)[0].without_session);
  EXPECT_TRUE((*routes)[1].partner_header);
  EXPECT_TRUE((*routes)[2].without_session);
  EXPECT_FALSE((*routes)[2].partner_header);
  options.routes_without_session = {"/app=http://127.0.0.1:9002"};
  expect_usage(run(options), "--route-without-session takes PREFIX=URL");
}

TEST(GatewayCommandTest, EachRoleRefusesTheOtherRolesFlags) {
  auto options = sidecar();
  options.session_db = "/tmp/sessions.db";
  expect_usage(run(options, {{"SVC_PASSWORD", kSecret}}), "--session-db is for the BFF");
  options = bff();
  options.password_env = "SVC_PASSWORD";
  expect_usage(run(options), "--password-env is for --sidecar");
}

TEST(GatewayCommandTest, TheSidecarNeedsAWayToSignIn) {
  auto options = sidecar();
  options.password_env.reset();
  expect_usage(run(options), "--refresh-token-env");
  options = sidecar();
  options.profile.overrides.username.reset();
  expect_usage(run(options, {{"SVC_PASSWORD", kSecret}}), "--password-env needs --username");
  options = sidecar();
  options.profile.overrides.provider = "oauth2";
  expect_usage(run(options, {{"SVC_PASSWORD", kSecret}}), "oauth2 has no password sign-in");
  options = sidecar();
  options.partner_routes = {"/p/=http://127.0.0.1:9000"};
  expect_usage(run(options, {{"SVC_PASSWORD", kSecret}}), "--partner-route");
}

TEST(GatewayCommandTest, ASidecarOnANonLoopbackAddressIsRefusedBeforeItSignsIn) {
  auto options = sidecar();
  options.listen = "0.0.0.0:0";
  expect_usage(run(options, {{"SVC_PASSWORD", kSecret}}), "loopback");
}

TEST(GatewayCommandTest, TheSidecarTakesAUnixSocketAndGoesOnToSignIn) {
  TempDir dir;
  auto options = sidecar();
  options.listen = "unix:" + (dir / "sidecar.sock").string();
  const auto result = run(options, {{"SVC_PASSWORD", kSecret}});
  // The listen address is accepted; the start fails later, at the provider (nothing listens at
  // 127.0.0.1:1), before any socket is made.
  EXPECT_EQ(result.code, cli::kExitUnreachable) << result.err;
  EXPECT_THAT(result.err, Not(HasSubstr("--listen")));
  EXPECT_THAT(result.err, Not(HasSubstr(kSecret)));
  EXPECT_FALSE(std::filesystem::exists(dir / "sidecar.sock"));
}

TEST(GatewayCommandTest, TheBffRefusesAUnixSocket) {
  auto options = bff();
  options.listen = "unix:/tmp/bff.sock";
  expect_usage(run(options), "--listen unix:PATH is for --sidecar");
}

TEST(GatewayCommandTest, DurationsAndListenAddressesParse) {
  EXPECT_EQ(cli::parse_duration("30m"), std::chrono::seconds{30min});
  EXPECT_EQ(cli::parse_duration("12h"), std::chrono::seconds{12h});
  EXPECT_EQ(cli::parse_duration("90"), std::chrono::seconds{90});
  EXPECT_EQ(cli::parse_duration("1w"), std::nullopt);
  EXPECT_EQ(cli::parse_duration("-5m"), std::nullopt);
  EXPECT_EQ(cli::parse_duration(""), std::nullopt);
  auto address = cli::parse_listen_address("::1:8080");
  ASSERT_TRUE(address);
  EXPECT_EQ(address->host, "::1");
  EXPECT_EQ(address->port, 8080);
  EXPECT_FALSE(cli::parse_listen_address("127.0.0.1:70000"));
  EXPECT_FALSE(cli::parse_listen_address("127.0.0.1:"));
  EXPECT_TRUE(address->unix_socket.empty());
}

TEST(GatewayCommandTest, UnixSocketListenAddressesParse) {
  auto address = cli::parse_listen_address("unix:/run/app/sidecar.sock");
  ASSERT_TRUE(address);
  EXPECT_EQ(address->unix_socket, "/run/app/sidecar.sock");
  EXPECT_TRUE(address->host.empty());
  EXPECT_EQ(address->port, 0);
  address = cli::parse_listen_address("unix:/tmp/with:colon:8080");
  ASSERT_TRUE(address) << "the path is taken whole, colons included";
  EXPECT_EQ(address->unix_socket, "/tmp/with:colon:8080");
  EXPECT_FALSE(cli::parse_listen_address("unix:")) << "no path";
  EXPECT_FALSE(cli::parse_listen_address("unix:sidecar.sock")) << "a relative path";
  EXPECT_FALSE(cli::parse_listen_address("unix:8080")) << "not host `unix`, port 8080";
}

}  // namespace
}  // namespace freshauth::testing
