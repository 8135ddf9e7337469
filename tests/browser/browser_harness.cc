// Everything the browser test (bff_browser_test.mjs) talks to, in one process on loopback, on the
// system clock:
//   - the embedded idp, with a client whose tokens live --token-lifetime seconds (default 8);
//     its login page is reached as http://localhost:PORT, another site than the gateway's;
//   - the upstream: the single-page app on /app/ (a route without a session) and its API on
//     /api/, which refuses expired tokens (SpaUpstream);
//   - the BFF gateway on http://127.0.0.1:PORT in front of both;
//   - another site on http://localhost:PORT that calls the gateway (OtherSite).
//
//   browser_harness [--token-lifetime=SECONDS]
//
// Prints ONE JSON line on stdout once all of them serve:
//   {"gateway", "other_site", "upstream_stats", "username", "password", "token_lifetime_seconds"}
// then serves until its stdin closes, and stops them all.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <charconv>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "browser/other_site.h"
#include "browser/spa_upstream.h"
#include "freshauth/curl/curl_transport.h"
#include "freshauth/gateway/bff_gateway.h"
#include "freshauth/idp/idp_admin.h"
#include "freshauth/idp/idp_server.h"
#include "freshauth/providers/oauth2_endpoints.h"
#include "support/temp_dir.h"

namespace freshauth::testing {
namespace {

constexpr const char* kUsername = "alice";
constexpr const char* kPassword = "alice: correct horse battery staple";
constexpr int kGatewayStartAttempts = 5;

int fail(const std::string& what) {
  std::cerr << "browser_harness: " << what << std::endl;
  return 1;
}

std::optional<int> token_lifetime_option(int argc, char** argv) {
  constexpr std::string_view kFlag = "--token-lifetime=";
  int seconds = 8;
  for (int i = 1; i < argc; ++i) {
    const std::string_view argument{argv[i]};
    if (!argument.starts_with(kFlag)) return std::nullopt;
    const auto text = argument.substr(kFlag.size());
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
    if (ec != std::errc{} || end != text.data() + text.size() || seconds < 1) return std::nullopt;
  }
  return seconds;
}

// A loopback port that was free a moment ago. The gateway's redirect URI and allowed origin name
// its port before it listens; should another process take the port first, the gateway fails to
// start and is given another.
std::optional<std::uint16_t> free_loopback_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return std::nullopt;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  std::optional<std::uint16_t> port;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  ::close(fd);
  return port;
}

// The same loopback server named "localhost": to the browser another site than 127.0.0.1, as a
// real provider's sign-in page is another site than the application's.
std::string on_localhost(const std::string& url) {
  constexpr std::string_view kLoopback = "http://127.0.0.1:";
  if (!url.starts_with(kLoopback)) return url;
  return "http://localhost:" + url.substr(kLoopback.size());
}

int run(int argc, char** argv) {
  const auto lifetime = token_lifetime_option(argc, argv);
  if (!lifetime) return fail("usage: browser_harness [--token-lifetime=SECONDS]");
  const auto clock = std::make_shared<SystemClock>();
  TempDir dir;

  auto admin = idp::IdpAdmin::open(dir / "idp.db", clock->now(), idp::PasswordCost::minimal);
  if (!admin) return fail("idp database: " + admin.error().describe());
  const std::chrono::seconds token_lifetime{*lifetime};
  // Loopback redirect URIs match on any port (RFC 8252 §7.3): the gateway's is not known yet.
  auto client = admin->add_client({"browser-test-gateway",
                                   true,
                                   {"http://127.0.0.1/auth/callback"},
                                   {token_lifetime, token_lifetime, std::chrono::hours{1}}},
                                  true, clock->now());
  if (!client) return fail("idp client: " + client.error().describe());
  if (auto user = admin->add_user({kUsername, kPassword, false}, clock->now()); !user) {
    return fail("idp user: " + user.error().describe());
  }
  idp::IdpServerOptions idp_options;
  idp_options.db_path = dir / "idp.db";
  idp_options.clock = clock;
  idp_options.password_cost = idp::PasswordCost::minimal;
  auto idp = idp::IdpServer::start(std::move(idp_options));
  if (!idp) return fail("idp: " + idp.error().describe());
  CurlTransport transport;
  auto endpoints = discover_oauth2_endpoints(transport, (*idp)->issuer());
  if (!endpoints) return fail("idp discovery: " + endpoints.error().describe());
  endpoints->authorization_endpoint = on_localhost(endpoints->authorization_endpoint);

  SpaUpstream upstream{clock};
  if (auto started = upstream.start(); !started) {
    return fail("upstream: " + started.error().describe());
  }

  std::unique_ptr<gateway::BffGateway> gateway;
  std::string gateway_origin;
  std::string gateway_error = "no free port";
  for (int attempt = 0; attempt < kGatewayStartAttempts && !gateway; ++attempt) {
    const auto port = free_loopback_port();
    if (!port) continue;
    const std::string origin = "http://127.0.0.1:" + std::to_string(*port);
    gateway::BffOptions options;
    options.http.port = *port;
    options.endpoints = *endpoints;
    options.client = {client->client_id, client->secret, ClientAuthMethod::client_secret_basic, {}};
    options.redirect_uri = origin + "/auth/callback";
    options.routes = {{"/api/", upstream.url()}, {"/app/", upstream.url(), false, true}};
    options.allowed_origins = {origin};
    options.clock = clock;
    options.forwarded_proto = "http";
    options.log = [](std::string_view message) { std::cerr << "gateway: " << message << "\n"; };
    auto started = gateway::BffGateway::start(std::move(options));
    if (started) {
      gateway = std::move(*started);
      gateway_origin = origin;
    } else {
      gateway_error = started.error().describe();
    }
  }
  if (!gateway) return fail("gateway: " + gateway_error);

  OtherSite other_site{gateway_origin};
  if (auto started = other_site.start(); !started) {
    return fail("other site: " + started.error().describe());
  }

  std::cout << nlohmann::json{{"gateway", gateway_origin},
                              {"other_site", other_site.url()},
                              {"upstream_stats", upstream.url() + "/__stats"},
                              {"username", kUsername},
                              {"password", kPassword},
                              {"token_lifetime_seconds", *lifetime}}
                   .dump()
            << std::endl;

  for (std::string line; std::getline(std::cin, line);) {
  }
  gateway->stop();
  other_site.stop();
  upstream.stop();
  (*idp)->stop();
  return 0;
}

}  // namespace
}  // namespace freshauth::testing

int main(int argc, char** argv) { return freshauth::testing::run(argc, argv); }
