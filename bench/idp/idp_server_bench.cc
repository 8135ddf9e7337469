// Load driver against the embedded idp on 127.0.0.1: each benchmark thread holds one keep-alive
// connection. Client and server share the machine's cores, as they would in a local demo.
#include <benchmark/benchmark.h>
#include <httplib.h>

#include <memory>

#include "freshauth/idp/idp_server.h"
#include "idp/idp_storage.h"
#include "support/temp_dir.h"

namespace {

using namespace freshauth;

struct RunningIdp {
  testing::TempDir dir;
  std::unique_ptr<idp::IdpServer> server;
  std::string refresh_token;
  std::string access_token;

  RunningIdp() {
    const auto now = SystemClock{}.now();
    auto storage = idp::IdpStorage::open(dir / "idp.db", now, idp::PasswordCost::minimal);
    (void)storage->clients->add({"bench", false, {}, {}}, false, now);
    (void)storage->users->add({"bench", "bench password", false}, now);
    idp::IdpServerOptions options;
    options.db_path = dir / "idp.db";
    options.password_cost = idp::PasswordCost::minimal;
    options.http.threads = 2;
    auto started = idp::IdpServer::start(std::move(options));
    server = std::move(*started);
    httplib::Client client{"127.0.0.1", server->port()};
    auto signed_in = client.Post("/auth", R"({"username":"bench","password":"bench password"})",
                                 "application/json");
    const auto tokens = nlohmann::json::parse(signed_in->body);
    refresh_token = tokens["RefreshToken"];
    access_token = tokens["AccessToken"];
  }
};

RunningIdp& idp_server() {
  static RunningIdp running;
  return running;
}

void BM_Refresh(benchmark::State& state) {
  auto& running = idp_server();
  httplib::Client client{"127.0.0.1", running.server->port()};
  client.set_keep_alive(true);
  client.set_tcp_nodelay(true);
  const std::string body = nlohmann::json{{"token", running.refresh_token}}.dump();
  for (auto _ : state) {
    auto response = client.Post("/auth/refresh_token", body, "application/json");
    if (!response || response->status != 200) state.SkipWithError("refresh failed");
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Refresh)->ThreadRange(1, 8)->UseRealTime()->MinTime(3);

void BM_Jwks(benchmark::State& state) {
  auto& running = idp_server();
  httplib::Client client{"127.0.0.1", running.server->port()};
  client.set_keep_alive(true);
  client.set_tcp_nodelay(true);
  for (auto _ : state) {
    auto response = client.Get("/.well-known/jwks.json");
    if (!response || response->status != 200) state.SkipWithError("jwks failed");
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Jwks)->ThreadRange(1, 8)->UseRealTime()->MinTime(3);

// The protected resource: every request verifies the access token (signature cached after the
// first verification, issuer, client, use, expiry) and reads the partner header.
void BM_ApiUser(benchmark::State& state) {
  auto& running = idp_server();
  httplib::Client client{"127.0.0.1", running.server->port()};
  client.set_keep_alive(true);
  client.set_tcp_nodelay(true);
  const httplib::Headers headers{{"Authorization", "Bearer " + running.access_token},
                                 {"X-Preferred-Partner-Id", "partner-bench"}};
  for (auto _ : state) {
    auto response = client.Get("/api/user", headers);
    if (!response || response->status != 200) state.SkipWithError("/api/user failed");
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ApiUser)->ThreadRange(1, 8)->UseRealTime()->MinTime(3);

}  // namespace

BENCHMARK_MAIN();
