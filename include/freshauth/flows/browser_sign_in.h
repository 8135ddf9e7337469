#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "freshauth/core/clock.h"
#include "freshauth/core/error.h"
#include "freshauth/flows/adoptable_grant.h"
#include "freshauth/providers/oauth2_authenticator.h"

namespace freshauth {

struct BrowserSignInOptions {
  /// How long the user has to finish signing in; then the listener stops.
  std::chrono::seconds timeout{300};
  /// Shows the authorization URL: the CLI prints it (and runs xdg-open when present); tests
  /// drive the login form from here. Called once, with the listener already accepting.
  std::function<void(const std::string& authorization_url)> show_url;
  /// The redirect is http://\<redirect_host\>:\<port\>/callback (RFC 8252 §7.3). Register
  /// http://127.0.0.1/callback; servers following §7.3 accept it on any port. "localhost" (for
  /// servers that allow only that name, such as Cognito) listens on 127.0.0.1.
  std::string redirect_host = "127.0.0.1";
  /// 0: a free port. Set it for servers that match the registered port exactly.
  std::uint16_t redirect_port = 0;
  /// Times the wait (clock->sleep_until, so tests own time) and the grant's requested_at;
  /// default: SystemClock.
  std::shared_ptr<const Clock> clock = {};
};

/// The authorization code flow with PKCE S256 and a one-shot loopback listener (RFC 8252): shows
/// the URL, waits for the redirect to /callback, checks `state`, exchanges the code. A redirect
/// carrying error=..., a wrong state, or no redirect before the timeout fails with a message
/// saying what happened; the browser page says it too.
Result<AdoptableGrant> sign_in_with_browser(OAuth2Authenticator& authenticator,
                                            const BrowserSignInOptions& options);

}  // namespace freshauth
