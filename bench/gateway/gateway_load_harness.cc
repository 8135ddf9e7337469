// What bench/gateway/run_wrk.sh puts wrk in front of, in two processes so that each can be pinned
// to its own core:
//   gateway_load_harness upstream          a trivial upstream (GET /api/..., one thread)
//   gateway_load_harness gateways URL      the embedded idp with short-lived tokens (so they
//       expire and refresh during a run), the BFF holding 100,000 sessions plus one signed in
//       through the real code flow, and the sidecar with one service session, both in front of
//       the upstream at URL
// Each prints one JSON line (addresses; the BFF session's cookie), then serves until standard
// input closes.
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "freshauth/curl/curl_transport.h"
#include "freshauth/gateway/bff_gateway.h"
#include "freshauth/gateway/sidecar_gateway.h"
#include "freshauth/idp/idp_admin.h"
#include "freshauth/idp/idp_server.h"
#include "freshauth/providers/partner_authenticator.h"
#include "freshauth/security/sha256.h"
#include "freshauth/server/form_body.h"
#include "harness.h"
#include "support/http_probe.h"
#include "support/temp_dir.h"
#include "support/test_tokens.h"
#include "trivial_upstream.h"

namespace {

using namespace freshauth;
using namespace std::chrono_literals;
using bench::fail;
using bench::value_or_fail;

constexpr const char* kRedirect = "https://app.example.com/auth/callback";
constexpr const char* kPassword = "bench: correct horse battery";
constexpr int kPreloadedSessions = 100'000;
constexpr std::chrono::seconds kTokenLifetime{20};

// The BFF's /auth/login, the idp's form and /auth/callback, as a browser would go through them;
// the session cookie's value.
std::string sign_in_through_the_bff(const std::string& gateway, idp::IdpServer& idp) {
  testing::HttpProbe site{gateway};
  testing::HttpProbe idp_site{idp.base_url()};
  auto login = site.get("/auth/login");
  if (!login || login->status != 302) fail("/auth/login did not redirect");
  const std::string authorize = testing::header_of(*login, "Location");
  const std::string login_cookie = testing::header_of(*login, "Set-Cookie");
  auto params = server::parse_form_fields(authorize.substr(authorize.find('?') + 1));
  if (!params) fail("the authorization URL has no query");
  testing::FormPairs form(params->begin(), params->end());
  form.emplace_back("username", "bench");
  form.emplace_back("password", kPassword);
  auto approved = idp_site.post_form("/oauth2/authorize", form);
  if (!approved || approved->status != 302) fail("the idp did not sign the user in");
  const std::string back = testing::header_of(*approved, "Location");
  auto landed = site.get("/auth/callback" + back.substr(back.find('?')),
                         {{"Cookie", login_cookie.substr(0, login_cookie.find(';'))}});
  if (!landed || landed->status != 200) fail("/auth/callback did not sign in");
  for (const auto& [name, value] : landed->headers.fields()) {
    if (equals_ignoring_case(name, "Set-Cookie") &&
        value.starts_with("__Host-freshauth-session=")) {
      return value.substr(0, value.find(';'));
    }
  }
  fail("no session cookie");
}

int run_upstream() {
  const auto upstream = bench::start_trivial_upstream(1);
  std::cout
      << nlohmann::json{{"direct", "http://127.0.0.1:" + std::to_string(upstream->port())}}.dump()
      << std::endl;
  bench::serve_until_stdin_closes();
  upstream->stop();
  return 0;
}

int run_gateways(const std::string& upstream_url) {
  testing::TempDir dir;
  const auto clock = std::make_shared<SystemClock>();

  auto admin = value_or_fail(idp::IdpAdmin::open(dir / "idp.db", clock->now()), "idp database");
  const idp::TokenLifetimes lifetimes{kTokenLifetime, kTokenLifetime, 24h};
  (void)value_or_fail(admin.add_client({"partner", false, {}, lifetimes}, true, clock->now()),
                      "partner client");
  auto client =
      value_or_fail(admin.add_client({"gateway", true, {kRedirect}, lifetimes}, true, clock->now()),
                    "gateway client");
  (void)value_or_fail(admin.add_user({"bench", kPassword, false}, clock->now()), "user");
  idp::IdpServerOptions idp_options;
  idp_options.db_path = dir / "idp.db";
  idp_options.http.threads = 1;
  auto idp = value_or_fail(idp::IdpServer::start(std::move(idp_options)), "idp");

  CurlTransport transport;
  gateway::BffOptions bff_options;
  bff_options.endpoints =
      value_or_fail(discover_oauth2_endpoints(transport, idp->issuer()), "discovery");
  bff_options.client = {client.client_id, client.secret, ClientAuthMethod::client_secret_basic, {}};
  bff_options.redirect_uri = kRedirect;
  bff_options.routes = {{"/api/", upstream_url, false}};
  bff_options.http.threads = 1;
  auto bff = value_or_fail(gateway::BffGateway::start(std::move(bff_options)), "BFF");
  // Sessions that only sit in the table, as a busy gateway's would: their tokens outlive the run.
  for (int i = 0; i < kPreloadedSessions; ++i) {
    TokenGrant grant;
    grant.access_token = testing::make_access_token(clock->now(), 24h, std::to_string(i));
    grant.id_token = grant.access_token;
    grant.refresh_token = "preloaded-" + std::to_string(i);
    (void)value_or_fail(bff->sessions().adopt(sha256_hex("preloaded-" + std::to_string(i)), grant,
                                              clock->now(), {}),
                        "preloading");
  }
  const std::string bff_url = "http://127.0.0.1:" + std::to_string(bff->port());
  const std::string cookie = sign_in_through_the_bff(bff_url, *idp);

  gateway::SidecarOptions sidecar_options;
  sidecar_options.authenticator = std::make_shared<PartnerAuthenticator>(
      PartnerAuthenticatorOptions{idp->base_url(), false, nullptr});
  sidecar_options.credentials = Credentials{"bench", kPassword};
  sidecar_options.context.partner_id = "partner-7";
  sidecar_options.routes = {{"/api/", upstream_url, true}};
  sidecar_options.http.threads = 1;
  auto sidecar =
      value_or_fail(gateway::SidecarGateway::start(std::move(sidecar_options)), "sidecar");

  std::cout << nlohmann::json{{"bff", bff_url},
                              {"bff_cookie", cookie},
                              {"sidecar", "http://127.0.0.1:" + std::to_string(sidecar->port())},
                              {"sessions", bff->sessions().size()},
                              {"token_lifetime_seconds", kTokenLifetime.count()}}
                   .dump()
            << std::endl;
  bench::serve_until_stdin_closes();
  sidecar->stop();
  bff->stop();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "upstream" && argc == 2) return run_upstream();
  if (mode == "gateways" && argc == 3) return run_gateways(argv[2]);
  std::cerr << "usage: gateway_load_harness upstream | gateways http://127.0.0.1:PORT\n";
  return 2;
}
