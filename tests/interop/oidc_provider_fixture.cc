#include "interop/oidc_provider_fixture.h"

#include <stop_token>
#include <thread>

#include "freshauth/flows/browser_sign_in.h"
#include "freshauth/flows/device_sign_in.h"
#include "support/peers.h"

namespace freshauth::testing {
namespace {

constexpr std::chrono::seconds kBrowserTimeout{30};
constexpr std::chrono::seconds kDeviceDeadline{60};

}  // namespace

std::string client_auth_method_name(const ::testing::TestParamInfo<ClientAuthMethod>& info) {
  switch (info.param) {
    case ClientAuthMethod::none:
      return "PublicClient";
    case ClientAuthMethod::client_secret_basic:
      return "ClientSecretBasic";
    case ClientAuthMethod::client_secret_post:
      return "ClientSecretPost";
  }
  return "Unknown";
}

void OidcProviderTest::SetUp() {
  FRESHAUTH_REQUIRE_PEER(node_available(), "node");
  FRESHAUTH_REQUIRE_PEER(node_package_installed(kSourceDir, "oidc-provider"),
                         "node_modules/oidc-provider");
  peer_ = std::make_unique<OidcProviderPeer>(kSourceDir, peer_options());
  ASSERT_TRUE(peer_->running()) << "oidc-provider did not start (its stderr says why)";
  auto discovered = discover_oauth2_endpoints(*transport_, peer_->issuer());
  ASSERT_TRUE(discovered.ok()) << discovered.error().describe();
  endpoints_ = *discovered;
}

std::shared_ptr<OAuth2Authenticator> OidcProviderTest::make_authenticator(
    ClientAuthMethod method) const {
  return std::make_shared<OAuth2Authenticator>(OAuth2AuthenticatorOptions{
      .endpoints = endpoints_, .client = peer_->client(method), .transport = transport_});
}

Result<AdoptableGrant> OidcProviderTest::sign_in_with_robot(OAuth2Authenticator& authenticator) {
  RobotBrowser robot(peer_->user_login(), peer_->user_password());
  std::thread user;
  BrowserSignInOptions options;
  options.timeout = kBrowserTimeout;
  // On a thread of its own, whichever thread serves the loopback listener.
  options.show_url = [&](const std::string& url) {
    user = std::thread([this, &robot, url] { last_visit_ = robot.open(url); });
  };
  auto grant = sign_in_with_browser(authenticator, options);
  if (user.joinable()) user.join();
  return grant;
}

Result<AdoptableGrant> OidcProviderTest::device_sign_in_with_robot(
    OAuth2Authenticator& authenticator, CodeEntry entry) {
  RobotBrowser robot(peer_->user_login(), peer_->user_password());
  std::thread user;
  std::stop_source give_up;
  std::jthread deadline([&give_up](const std::stop_token& finished) {
    if (SystemClock{}.sleep_until(SystemClock{}.now() + kDeviceDeadline, finished)) {
      give_up.request_stop();
    }
  });
  DeviceSignInOptions options;
  options.stop = give_up.get_token();
  options.show_code = [&](const DeviceAuthorization& authorization) {
    std::string uri = authorization.verification_uri;
    if (entry == CodeEntry::typed) {
      robot.type_user_code(authorization.user_code);
    } else {
      uri = authorization.verification_uri_complete.value_or("");
    }
    user = std::thread([this, &robot, uri] { last_visit_ = robot.open(uri); });
  };
  auto grant = sign_in_with_device(authenticator, options);
  if (user.joinable()) user.join();
  return grant;
}

std::unique_ptr<SessionEngine> OidcProviderTest::make_engine(
    std::shared_ptr<Authenticator> authenticator, std::shared_ptr<SessionStore> store) const {
  SessionEngineOptions options;
  options.clock = std::make_shared<SystemClock>();
  options.store = std::move(store);
  return std::make_unique<SessionEngine>(std::move(authenticator), std::move(options));
}

void OidcProviderTest::adopt_robot_sign_in(SessionEngine& engine,
                                           OAuth2Authenticator& authenticator) {
  auto signed_in = sign_in_with_robot(authenticator);
  ASSERT_TRUE(signed_in.ok()) << signed_in.error().describe() << " (robot stopped at "
                              << last_visit_.last_page << ", " << last_visit_.error << ")";
  auto adopted = engine.adopt(signed_in->grant, signed_in->requested_at, SessionContext{});
  ASSERT_TRUE(adopted.ok()) << adopted.error().describe();
}

int OidcProviderTest::userinfo_status(const std::string& access_token) const {
  HttpRequest request;
  request.url = endpoints_.userinfo_endpoint.value_or("");
  request.headers.set("Authorization", "Bearer " + access_token);
  auto response = transport_->send(request);
  return response.ok() ? response->status : 0;
}

OidcProviderStats OidcProviderTest::stats() const {
  auto counted = peer_->stats();
  EXPECT_TRUE(counted.ok()) << counted.error().describe();
  return counted.ok() ? *counted : OidcProviderStats{};
}

}  // namespace freshauth::testing
