// `freshauth gateway --sidecar` as a child process against the embedded idp: a program that
// sends plain HTTP to it reaches the API with fresh headers; SIGTERM stops it cleanly.
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <regex>

#include "freshauth/idp/idp_admin.h"
#include "freshauth/idp/idp_server.h"
#include "freshauth/stores/encryption_key.h"
#include "support/http_probe.h"
#include "support/partner_idp.h"
#include "support/recording_upstream.h"
#include "support/run_process.h"
#include "support/temp_dir.h"
#include "support/unix_socket_client.h"

#ifndef FRESHAUTH_BINARY
#error "FRESHAUTH_BINARY must name the freshauth executable under test"
#endif

namespace freshauth::testing {
namespace {

using namespace std::chrono_literals;

TEST(GatewayEndToEndTest, TheSidecarForwardsWithFreshHeadersUntilSigterm) {
  // The child keeps real time, so the idp and the API do too.
  auto clock = std::make_shared<SystemClock>();
  PartnerIdp idp{clock};
  RecordingUpstream api{clock};
  TempDir home;
  ChildProcess sidecar{
      {FRESHAUTH_BINARY, "gateway", "--sidecar", "--listen", "127.0.0.1:0", "--endpoint",
       idp.base_url(), "--username", "alice", "--password-env", "SVC_PASSWORD", "--partner-id",
       "partner-7", "--partner-route", "/api/=" + api.url(), "--access-log"},
      {"HOME=" + home.path().string(), "PATH=/usr/bin:/bin",
       std::string{"SVC_PASSWORD="} + PartnerIdp::kPassword}};
  const auto line = sidecar.read_line(30s);
  ASSERT_TRUE(line) << sidecar.stderr_so_far();
  std::smatch port;
  ASSERT_TRUE(
      std::regex_search(*line, port, std::regex{"listening on http://127\\.0\\.0\\.1:(\\d+)"}))
      << *line;
  EXPECT_NE(line->find("/api/ -> " + api.url() + " (with X-Preferred-Partner-Id)"),
            std::string::npos)
      << *line;

  HttpProbe service{"http://127.0.0.1:" + port[1].str()};
  auto answer = service.get("/api/items?x=1", {{"Authorization", "Bearer not-mine"}});
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 200) << answer->body;
  auto status = service.get("/sidecar/status");
  ASSERT_TRUE(status && status->status == 200);
  EXPECT_EQ(nlohmann::json::parse(status->body)["signed_in"], true);

  const auto seen = api.seen();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].target, "/api/items?x=1");
  EXPECT_TRUE(seen[0].authorization.starts_with("Bearer ey")) << "the session's token, not mine";
  EXPECT_FALSE(seen[0].expired);
  EXPECT_EQ(seen[0].partner_id, "partner-7");

  sidecar.signal(SIGTERM);
  const ProcessResult result = sidecar.wait(30s);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find(R"({"duration_us":)"), std::string::npos) << result.err;
  EXPECT_NE(
      result.err.find(R"("method":"GET","path":"/api/items","remote":"127.0.0.1","status":200})"),
      std::string::npos)
      << "the access log has the path without its query";
  EXPECT_EQ(result.err.find("x=1"), std::string::npos);
  EXPECT_EQ(result.err.find("not-mine"), std::string::npos) << "no header is logged";
  const std::string token = seen[0].authorization.substr(7);
  for (const std::string& output : {*line, result.out, result.err, status->body}) {
    EXPECT_EQ(output.find(token), std::string::npos);
    EXPECT_EQ(output.find(PartnerIdp::kPassword), std::string::npos);
  }
}

// `--listen unix:PATH`: the same service on a Unix socket only this user can connect to, its file
// removed when SIGTERM stops the sidecar.
TEST(GatewayEndToEndTest, TheSidecarServesOnAUnixSocketAndRemovesItAtTheEnd) {
  auto clock = std::make_shared<SystemClock>();
  PartnerIdp idp{clock};
  RecordingUpstream api{clock};
  TempDir home;
  const auto socket_path = home / "sidecar.sock";
  ChildProcess sidecar{
      {FRESHAUTH_BINARY, "gateway", "--sidecar", "--listen", "unix:" + socket_path.string(),
       "--endpoint", idp.base_url(), "--username", "alice", "--password-env", "SVC_PASSWORD",
       "--partner-id", "partner-7", "--partner-route", "/api/=" + api.url(), "--access-log"},
      {"HOME=" + home.path().string(), "PATH=/usr/bin:/bin",
       std::string{"SVC_PASSWORD="} + PartnerIdp::kPassword}};
  const auto line = sidecar.read_line(30s);
  ASSERT_TRUE(line) << sidecar.stderr_so_far();
  EXPECT_NE(line->find("sidecar listening on unix:" + socket_path.string() + ", proxying"),
            std::string::npos)
      << *line;
  EXPECT_EQ(mode_of(socket_path), 0600);

  UnixSocketClient service{socket_path.string()};
  const auto answer = service.get("/api/items?x=1");
  EXPECT_EQ(answer.status, 200) << answer.error << answer.body;
  const auto status = service.get("/sidecar/status");
  ASSERT_EQ(status.status, 200) << status.error;
  EXPECT_EQ(nlohmann::json::parse(status.body)["signed_in"], true);
  const auto seen = api.seen();
  ASSERT_EQ(seen.size(), 1U);
  EXPECT_TRUE(seen[0].authorization.starts_with("Bearer ey"));
  EXPECT_FALSE(seen[0].expired);
  EXPECT_EQ(seen[0].partner_id, "partner-7");

  sidecar.signal(SIGTERM);
  const ProcessResult result = sidecar.wait(30s);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find(R"("method":"GET","path":"/api/items","remote":"unix","status":200})"),
            std::string::npos)
      << result.err;
  EXPECT_FALSE(std::filesystem::exists(socket_path)) << "removed when the sidecar stopped";
  const std::string token = seen[0].authorization.substr(7);
  for (const std::string& output : {*line, result.out, result.err, status.body}) {
    EXPECT_EQ(output.find(token), std::string::npos);
    EXPECT_EQ(output.find(PartnerIdp::kPassword), std::string::npos);
  }
}

// The BFF from the command line: discovery at --issuer, the client secret from the environment,
// sessions sealed in --session-db with --key-file; /auth/login sends the browser to the issuer.
TEST(GatewayEndToEndTest, TheBffDiscoversTheIssuerAndSendsBrowsersThereToSignIn) {
  TempDir dir;
  const auto now = SystemClock{}.now();
  constexpr const char* kRedirect = "https://app.example.com/auth/callback";
  auto admin = idp::IdpAdmin::open(dir / "idp.db", now, idp::PasswordCost::minimal);
  ASSERT_TRUE(admin.ok());
  ASSERT_TRUE(admin->add_client({"partner", false, {}, {}}, true, now).ok());
  auto client = admin->add_client({"web", true, {kRedirect}, {}}, true, now);
  ASSERT_TRUE(client.ok());
  idp::IdpServerOptions idp_options;
  idp_options.db_path = dir / "idp.db";
  idp_options.password_cost = idp::PasswordCost::minimal;
  auto idp = idp::IdpServer::start(std::move(idp_options));
  ASSERT_TRUE(idp.ok()) << idp.error().describe();
  const auto key = dir / "session.key";
  std::ofstream{key} << EncryptionKey::generate().to_hex() << "\n";
  std::filesystem::permissions(key, std::filesystem::perms::owner_read);

  ChildProcess bff{
      {FRESHAUTH_BINARY,
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
       "/api/=http://127.0.0.1:9",
       "--route-without-session",
       "/app/=http://127.0.0.1:9",
       "--session-db",
       (dir / "sessions.db").string(),
       "--key-file",
       key.string()},
      {"HOME=" + dir.path().string(), "PATH=/usr/bin:/bin", "WEB_SECRET=" + *client->secret}};
  const auto line = bff.read_line(30s);
  ASSERT_TRUE(line) << bff.stderr_so_far();
  std::smatch port;
  ASSERT_TRUE(
      std::regex_search(*line, port, std::regex{"BFF listening on http://127\\.0\\.0\\.1:(\\d+)"}))
      << *line;
  EXPECT_NE(line->find("/app/ -> http://127.0.0.1:9 (without a session)"), std::string::npos)
      << *line;
  HttpProbe browser{"http://127.0.0.1:" + port[1].str()};
  auto login = browser.get("/auth/login");
  ASSERT_TRUE(login);
  EXPECT_EQ(login->status, 302);
  EXPECT_TRUE(header_of(*login, "Location").starts_with((*idp)->issuer()))
      << header_of(*login, "Location");
  EXPECT_TRUE(std::filesystem::exists(dir / "sessions.db"));
  bff.signal(SIGTERM);
  const ProcessResult result = bff.wait(30s);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err.find("in memory only"), std::string::npos);
  EXPECT_EQ(result.err.find(*client->secret), std::string::npos);
  EXPECT_EQ(line->find(*client->secret), std::string::npos);
}

}  // namespace
}  // namespace freshauth::testing
