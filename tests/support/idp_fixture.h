#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "freshauth/core/clock.h"
#include "freshauth/curl/curl_transport.h"
#include "freshauth/idp/idp_server.h"
#include "freshauth/providers/partner_authenticator.h"
#include "support/http_probe.h"
#include "support/temp_dir.h"

namespace freshauth::testing {

inline constexpr const char* kAlicePassword = "correct horse battery";
inline constexpr const char* kBobPassword = "staple battery horse";

// An idp on 127.0.0.1, port 0, in a private folder, on a clock the test moves. alice signs in
// with a password; bob also needs a TOTP code.
class IdpFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    auto storage = idp::IdpAdmin::open(dir_ / "idp.db", clock_->now(), idp::PasswordCost::minimal);
    ASSERT_TRUE(storage.ok()) << storage.error().describe();
    auto client = storage->add_client({"partner", false, {}, {}}, false, clock_->now());
    ASSERT_TRUE(client.ok());
    client_id_ = client->client_id;
    ASSERT_TRUE(storage->add_user({"alice", kAlicePassword, false}, clock_->now()).ok());
    auto bob = storage->add_user({"bob", kBobPassword, true}, clock_->now());
    ASSERT_TRUE(bob.ok());
    bob_secret_ = *bob->totp_secret;
    start_server();
  }

  void start_server(std::vector<server::FaultRule> faults = {},
                    std::chrono::seconds expires_in_overstatement = {}) {
    idp::IdpServerOptions options;
    options.db_path = dir_ / "idp.db";
    options.clock = clock_;
    options.password_cost = idp::PasswordCost::minimal;
    options.http.threads = 2;
    options.faults = std::move(faults);
    options.expires_in_overstatement = expires_in_overstatement;
    auto started = idp::IdpServer::start(std::move(options));
    ASSERT_TRUE(started.ok()) << started.error().describe();
    server_ = std::move(*started);
    CurlTransportOptions transport;
    transport.timeout = std::chrono::milliseconds{10'000};
    authenticator_ = std::make_unique<PartnerAuthenticator>(PartnerAuthenticatorOptions{
        server_->base_url(), false, std::make_shared<CurlTransport>(transport)});
    http_ = std::make_unique<HttpProbe>(server_->base_url());
  }

  void restart_server() {
    http_.reset();
    authenticator_.reset();
    server_.reset();
    start_server();
  }

  HttpResult post_json(const std::string& path, const nlohmann::json& body) {
    return http_->post_json(path, body);
  }

  TokenGrant sign_in_alice() {
    auto outcome = authenticator_->sign_in({"alice", kAlicePassword});
    if (!outcome.ok() || !std::holds_alternative<TokenGrant>(*outcome)) {
      ADD_FAILURE() << "alice could not sign in";
      return {};
    }
    return std::get<TokenGrant>(*outcome);
  }

  std::shared_ptr<ManualClock> clock_ = std::make_shared<ManualClock>();
  TempDir dir_;
  std::string bob_secret_;
  std::string client_id_;
  std::unique_ptr<idp::IdpServer> server_;
  std::unique_ptr<PartnerAuthenticator> authenticator_;
  std::unique_ptr<HttpProbe> http_;
};

}  // namespace freshauth::testing
