#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "freshauth/core/authenticator.h"
#include "freshauth/credentials/profile_settings.h"
#include "freshauth/http/http_transport.h"
#include "freshauth/providers/cognito_authenticator.h"
#include "freshauth/providers/oauth2_authenticator.h"
#include "freshauth/providers/partner_authenticator.h"

namespace freshauth {

/// What the auth server speaks: the partner /auth API, Cognito's JSON API, OAuth2 / OIDC.
enum class ProviderKind { partner, cognito, oauth2 };

/// partner, cognito, oauth2.
std::string_view to_string(ProviderKind kind);
/// The profile's `provider` setting; partner when unset. invalid_argument for anything else.
Result<ProviderKind> provider_kind(const ProfileSettings& settings);

/// The server a session belongs to: its refresh token goes there and nowhere else. The partner
/// endpoint, Cognito's endpoint (custom, or the region's), or the OAuth2 issuer (or token
/// endpoint).
std::string server_of(ProviderKind kind, const ProfileSettings& settings);

/// The Authenticator for a profile's settings. The typed pointers are set for their provider only
/// (GlobalSignOut is Cognito's; the browser and device flows are OAuth2's).
struct SessionProvider {
  ProviderKind kind = ProviderKind::partner;
  std::string server;
  std::shared_ptr<Authenticator> authenticator;
  std::shared_ptr<CognitoAuthenticator> cognito;
  std::shared_ptr<OAuth2Authenticator> oauth2;
};

/// For oauth2 without a known token endpoint, asks the issuer's discovery document (login does,
/// and records what it found so that later commands need not). Settings errors name the setting
/// and where to put it (invalid_argument).
Result<SessionProvider> make_session_provider(const ProfileSettings& settings,
                                              std::shared_ptr<HttpTransport> transport);

/// The discovered or configured OAuth2 endpoints as settings, for the login record.
void record_endpoints(const OAuth2Endpoints& endpoints, ProfileSettings& settings);

}  // namespace freshauth
