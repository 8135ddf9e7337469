#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "freshauth/curl/curl_transport.h"
#include "freshauth/gateway/bff_gateway.h"
#include "freshauth/idp/idp_admin.h"
#include "freshauth/idp/idp_server.h"
#include "freshauth/server/form_body.h"
#include "support/http_probe.h"
#include "support/recording_upstream.h"
#include "support/temp_dir.h"

// The BFF tests' browser and fixture: an embedded idp, a recording upstream and a gateway.
namespace freshauth::testing {

using namespace std::chrono_literals;

constexpr const char* kPassword = "alice: correct horse battery";
constexpr const char* kRedirect = "https://app.example.com/auth/callback";
constexpr const char* kOrigin = "https://app.example.com";
constexpr std::chrono::seconds kLifetime{600};

// A browser as far as the gateway can tell: keeps the cookies it is given (deleting those set
// with Max-Age=0) and sends them back.
class Browser {
 public:
  HttpResult get(HttpProbe& site, const std::string& target, HttpHeaders headers = {}) {
    return keep(site.get(target, with_cookies(std::move(headers))));
  }
  HttpResult send(HttpProbe& site, const std::string& method, const std::string& target,
                  HttpHeaders headers = {}) {
    return keep(site.send(method, target, {}, with_cookies(std::move(headers))));
  }
  std::map<std::string, std::string> cookies;
  std::vector<std::string> set_cookie_lines;

 private:
  HttpHeaders with_cookies(HttpHeaders headers) const {
    std::string line;
    for (const auto& [name, value] : cookies)
      line += (line.empty() ? "" : "; ") + name + "=" + value;
    if (!line.empty()) headers.set("Cookie", line);
    return headers;
  }
  HttpResult keep(HttpResult result) {
    if (!result) return result;
    for (const auto& [name, value] : result->headers.fields()) {
      if (!equals_ignoring_case(name, "Set-Cookie")) continue;
      set_cookie_lines.push_back(value);
      const std::string pair = value.substr(0, value.find(';'));
      const auto equals = pair.find('=');
      if (value.find("Max-Age=0") != std::string::npos) {
        cookies.erase(pair.substr(0, equals));
      } else {
        cookies[pair.substr(0, equals)] = pair.substr(equals + 1);
      }
    }
    return result;
  }
};

class BffGatewayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto admin = idp::IdpAdmin::open(dir_ / "idp.db", clock_->now(), idp::PasswordCost::minimal);
    ASSERT_TRUE(admin.ok());
    ASSERT_TRUE(admin->add_client({"partner", false, {}, {}}, true, clock_->now()).ok());
    auto client = admin->add_client(
        {"gateway", true, {kRedirect}, {kLifetime, kLifetime, 30 * 24h}}, true, clock_->now());
    ASSERT_TRUE(client.ok());
    client_ = {client->client_id, client->secret, ClientAuthMethod::client_secret_basic, {}};
    ASSERT_TRUE(admin->add_user({"alice", kPassword, false}, clock_->now()).ok());

    idp::IdpServerOptions idp_options;
    idp_options.db_path = dir_ / "idp.db";
    idp_options.clock = clock_;
    idp_options.password_cost = idp::PasswordCost::minimal;
    idp_options.scripted_faults = true;
    auto idp = idp::IdpServer::start(std::move(idp_options));
    ASSERT_TRUE(idp.ok()) << idp.error().describe();
    idp_ = std::move(*idp);
    idp_site_ = std::make_unique<HttpProbe>(idp_->base_url());
    CurlTransport transport;
    auto endpoints = discover_oauth2_endpoints(transport, idp_->issuer());
    ASSERT_TRUE(endpoints.ok()) << endpoints.error().describe();
    endpoints_ = *endpoints;
    upstream_ = std::make_unique<RecordingUpstream>(clock_);
    start_gateway();
  }

  // Where the sessions go: SQLite here; the fleet tests put them in Redis.
  virtual void store_sessions(gateway::BffOptions& options) {
    options.database = gateway::SessionDatabase{dir_ / "sessions.db", key_};
  }

  gateway::BffOptions gateway_options() {
    gateway::BffOptions options;
    options.endpoints = endpoints_;
    options.client = client_;
    options.redirect_uri = kRedirect;
    options.routes = {{"/api/", upstream_->url(), true}, {"/app/", upstream_->url(), false, true}};
    options.allowed_origins = {kOrigin};
    options.clock = clock_;
    store_sessions(options);
    return options;
  }

  void start_gateway() {
    auto started = gateway::BffGateway::start(gateway_options());
    ASSERT_TRUE(started.ok()) << started.error().describe();
    gateway_ = std::move(*started);
    site_ = std::make_unique<HttpProbe>("http://127.0.0.1:" + std::to_string(gateway_->port()));
  }

  void restart_gateway() {
    site_.reset();
    gateway_.reset();
    start_gateway();
  }

  // /auth/login at `site`, then the idp's form: the provider's answer, a 302 to the gateway's
  // callback (the login's answer when it was no 302).
  HttpResult authorize(Browser& browser, HttpProbe& site, const std::string& return_to = "/app") {
    auto login = browser.get(site, "/auth/login?return_to=" + return_to);
    EXPECT_TRUE(login && login->status == 302);
    if (!login || login->status != 302) return login;
    const std::string authorize = header_of(*login, "Location");
    EXPECT_TRUE(authorize.starts_with(endpoints_.authorization_endpoint)) << authorize;
    auto params = server::parse_form_fields(authorize.substr(authorize.find('?') + 1)).value();
    EXPECT_EQ(params["code_challenge_method"], "S256");
    EXPECT_FALSE(params["nonce"].empty());
    FormPairs form(params.begin(), params.end());
    form.emplace_back("username", "alice");
    form.emplace_back("password", kPassword);
    auto approved = idp_site_->post_form("/oauth2/authorize", form);
    EXPECT_TRUE(approved && approved->status == 302);
    if (approved && approved->status == 302) {
      EXPECT_TRUE(header_of(*approved, "Location").starts_with(std::string{kRedirect} + "?"));
    }
    return approved;
  }

  // Where the provider's 302 sends the browser, as a target on the gateway.
  static std::string callback_target(const HttpResponse& approved) {
    const std::string back = header_of(approved, "Location");
    return "/auth/callback" + back.substr(back.find('?'));
  }

  // /auth/login, the idp's form, /auth/callback: what a browser does when the user signs in.
  HttpResult sign_in(Browser& browser, const std::string& return_to = "/app") {
    auto approved = authorize(browser, *site_, return_to);
    if (!approved || approved->status != 302) return approved;
    return browser.get(*site_, callback_target(*approved));
  }

  HttpResult call_api(Browser& browser, const std::string& path = "/api/items") {
    return browser.get(*site_, path, {{"X-CSRF", "1"}, {"Origin", kOrigin}});
  }

  std::shared_ptr<ManualClock> clock_ = std::make_shared<ManualClock>();
  TempDir dir_;
  EncryptionKey key_ = EncryptionKey::generate();
  OAuth2Client client_;
  OAuth2Endpoints endpoints_;
  std::unique_ptr<idp::IdpServer> idp_;
  std::unique_ptr<HttpProbe> idp_site_;
  std::unique_ptr<RecordingUpstream> upstream_;
  std::unique_ptr<gateway::BffGateway> gateway_;
  std::unique_ptr<HttpProbe> site_;
};

}  // namespace freshauth::testing
