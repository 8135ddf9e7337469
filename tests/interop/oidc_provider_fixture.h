#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "freshauth/core/session_engine.h"
#include "freshauth/curl/curl_transport.h"
#include "freshauth/flows/adoptable_grant.h"
#include "freshauth/providers/oauth2_authenticator.h"
#include "interop/oidc_provider_peer.h"
#include "interop/robot_browser.h"

namespace freshauth::testing {

inline const std::filesystem::path kSourceDir = FRESHAUTH_SOURCE_DIR;

// Names parameterised tests after the client authentication method they use.
std::string client_auth_method_name(const ::testing::TestParamInfo<ClientAuthMethod>& info);

// Each test starts its own oidc-provider and signs in through it headlessly: the RobotBrowser
// plays the user at its login and consent pages.
class OidcProviderTest : public ::testing::Test {
 protected:
  // Starts the server with peer_options() and discovers its endpoints. Fails the test (or skips
  // it under a bare ctest without node) when it cannot.
  void SetUp() override;
  virtual OidcProviderPeerOptions peer_options() const { return {}; }

  std::shared_ptr<OAuth2Authenticator> make_authenticator(
      ClientAuthMethod method = ClientAuthMethod::none) const;

  // The authorization code flow with PKCE through sign_in_with_browser, the robot as the user.
  Result<AdoptableGrant> sign_in_with_robot(OAuth2Authenticator& authenticator);
  // The device grant through sign_in_with_device: the robot opens verification_uri and types the
  // user code, or opens verification_uri_complete (the link or QR code a device would show).
  enum class CodeEntry { typed, from_complete_uri };
  Result<AdoptableGrant> device_sign_in_with_robot(OAuth2Authenticator& authenticator,
                                                   CodeEntry entry = CodeEntry::typed);

  // An engine on the real clock over `store` (default: in memory) with the default policy.
  std::unique_ptr<SessionEngine> make_engine(std::shared_ptr<Authenticator> authenticator,
                                             std::shared_ptr<SessionStore> store = nullptr) const;
  // Signs in with the robot and adopts the grant into `engine`; fails the test otherwise.
  void adopt_robot_sign_in(SessionEngine& engine, OAuth2Authenticator& authenticator);

  // The server's userinfo endpoint with `access_token`: 200 while the token works, 401 after.
  int userinfo_status(const std::string& access_token) const;

  OidcProviderStats stats() const;

  std::unique_ptr<OidcProviderPeer> peer_;
  OAuth2Endpoints endpoints_;
  std::shared_ptr<CurlTransport> transport_ = std::make_shared<CurlTransport>();
  RobotVisit last_visit_;
};

}  // namespace freshauth::testing
