// Three `freshauth gateway --redis` processes sharing one redis-server (with a password): a browser
// signed in at one replica is served by the others, and still after one of them is killed with
// SIGKILL.
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <regex>

#include "freshauth/idp/idp_admin.h"
#include "freshauth/idp/idp_server.h"
#include "freshauth/server/form_body.h"
#include "freshauth/stores/encryption_key.h"
#include "support/http_probe.h"
#include "support/recording_upstream.h"
#include "support/redis_server.h"
#include "support/run_process.h"
#include "support/temp_dir.h"

#ifndef FRESHAUTH_BINARY
#error "FRESHAUTH_BINARY must name the freshauth executable under test"
#endif

namespace freshauth::testing {
namespace {

using namespace std::chrono_literals;

constexpr const char* kRedirect = "https://app.example.com/auth/callback";
constexpr const char* kPassword = "alice: correct horse battery";

// The value of cookie `name` among a response's Set-Cookie lines.
std::string cookie_of(const HttpResponse& response, const std::string& name) {
  for (const auto& [field, value] : response.headers.fields()) {
    if (equals_ignoring_case(field, "Set-Cookie") && value.starts_with(name + "=")) {
      return value.substr(name.size() + 1, value.find(';') - name.size() - 1);
    }
  }
  return {};
}

TEST(GatewayFleetEndToEndTest, ReplicasShareSessionsInRedisAndSurviveAKilledReplica) {
  constexpr const char* kRedisPassword = "redis-password-never-printed";
  RedisServer redis{false, kRedisPassword};
  FRESHAUTH_START_REDIS(redis);
  TempDir dir;
  auto clock = std::make_shared<SystemClock>();
  const auto now = clock->now();
  auto admin = idp::IdpAdmin::open(dir / "idp.db", now, idp::PasswordCost::minimal);
  ASSERT_TRUE(admin.ok());
  ASSERT_TRUE(admin->add_client({"partner", false, {}, {}}, true, now).ok());
  auto client = admin->add_client({"web", true, {kRedirect}, {}}, true, now);
  ASSERT_TRUE(client.ok());
  ASSERT_TRUE(admin->add_user({"alice", kPassword, false}, now).ok());
  idp::IdpServerOptions idp_options;
  idp_options.db_path = dir / "idp.db";
  idp_options.password_cost = idp::PasswordCost::minimal;
  auto idp = idp::IdpServer::start(std::move(idp_options));
  ASSERT_TRUE(idp.ok()) << idp.error().describe();
  RecordingUpstream upstream{clock};
  const auto key = dir / "session.key";
  std::ofstream{key} << EncryptionKey::generate().to_hex() << "\n";
  std::filesystem::permissions(key, std::filesystem::perms::owner_read);

  std::vector<ChildProcess> replicas;
  std::vector<std::unique_ptr<HttpProbe>> sites;
  for (int i = 0; i < 3; ++i) {
    replicas.emplace_back(
        std::vector<std::string>{FRESHAUTH_BINARY,
                                 "gateway",
                                 "--listen",
                                 "127.0.0.1:0",
                                 "--issuer",
                                 (*idp)->issuer(),
                                 "--client-id",
                                 client->client_id,
                                 "--client-secret-env",
                                 "WEB_SECRET",
                                 "--redirect-uri",
                                 kRedirect,
                                 "--route",
                                 "/api/=" + upstream.url(),
                                 "--redis",
                                 "unix:" + redis.socket(),
                                 "--redis-password-env",
                                 "REDIS_PASSWORD",
                                 "--redis-prefix",
                                 "e2e:",
                                 "--key-file",
                                 key.string()},
        std::vector<std::string>{"HOME=" + dir.path().string(), "PATH=/usr/bin:/bin",
                                 "WEB_SECRET=" + *client->secret,
                                 std::string{"REDIS_PASSWORD="} + kRedisPassword});
    const auto line = replicas.back().read_line(30s);
    ASSERT_TRUE(line) << replicas.back().stderr_so_far();
    std::smatch port;
    ASSERT_TRUE(std::regex_search(*line, port,
                                  std::regex{"BFF listening on http://127\\.0\\.0\\.1:(\\d+)"}))
        << *line;
    sites.push_back(std::make_unique<HttpProbe>("http://127.0.0.1:" + port[1].str()));
  }

  // Begins signing in at replica 0 and comes back at replica 1: sign-ins wait in Redis.
  auto login = sites[0]->get("/auth/login?return_to=/app");
  ASSERT_TRUE(login && login->status == 302);
  const std::string login_cookie = cookie_of(*login, "__Host-freshauth-login");
  const std::string authorize = header_of(*login, "Location");
  auto params = server::parse_form_fields(authorize.substr(authorize.find('?') + 1)).value();
  FormPairs form(params.begin(), params.end());
  form.emplace_back("username", "alice");
  form.emplace_back("password", kPassword);
  HttpProbe idp_site{(*idp)->base_url()};
  auto approved = idp_site.post_form("/oauth2/authorize", form);
  ASSERT_TRUE(approved && approved->status == 302);
  const std::string back = header_of(*approved, "Location");
  auto landed = sites[1]->get("/auth/callback" + back.substr(back.find('?')),
                              {{"Cookie", "__Host-freshauth-login=" + login_cookie}});
  ASSERT_TRUE(landed && landed->status == 200) << (landed ? landed->body : "");
  const std::string session_cookie = cookie_of(*landed, "__Host-freshauth-session");
  ASSERT_FALSE(session_cookie.empty());

  const auto call = [&](int replica) {
    auto answer = sites[replica]->get(
        "/api/items", {{"Cookie", "__Host-freshauth-session=" + session_cookie}, {"X-CSRF", "1"}});
    return answer ? answer->status : 0;
  };
  for (int i = 0; i < 3; ++i) EXPECT_EQ(call(i), 200) << "replica " << i;
  replicas[1].signal(SIGKILL);
  EXPECT_EQ(replicas[1].wait(30s).exit_code, 128 + SIGKILL);
  EXPECT_EQ(call(2), 200);
  EXPECT_EQ(call(0), 200);
  EXPECT_EQ(upstream.seen().size(), 5u);

  for (int i : {0, 2}) {
    replicas[i].signal(SIGTERM);
    const ProcessResult result = replicas[i].wait(30s);
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_EQ(result.err.find("in memory only"), std::string::npos);
    for (const std::string& secret : {*client->secret, std::string{kRedisPassword}}) {
      EXPECT_EQ(result.err.find(secret), std::string::npos);
      EXPECT_EQ(result.out.find(secret), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace freshauth::testing
