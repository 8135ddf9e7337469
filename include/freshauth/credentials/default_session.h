#pragma once

#include <memory>
#include <string>

#include "freshauth/core/session_engine.h"
#include "freshauth/credentials/environment.h"
#include "freshauth/credentials/profile.h"
#include "freshauth/credentials/session_provider.h"
#include "freshauth/credentials/session_stores.h"
#include "freshauth/http/http_transport.h"

namespace freshauth {

/// How open_default_session() and open_session() build the session.
struct DefaultSessionOptions {
  /// Where FRESHAUTH_* and the XDG/HOME variables come from.
  Environment environment = process_environment();
  /// The engine's policy, clock, executor and observers. Its `store` is replaced by the
  /// profile's stores.
  SessionEngineOptions engine;
  /// How the provider reaches its server; default: a CurlTransport.
  std::shared_ptr<HttpTransport> transport;
};

/// A profile's session: its stores, its provider and an engine over both. Move-only; keep it
/// alive as long as tokens are needed.
struct DefaultSession {
  SessionStores stores;
  SessionProvider provider;
  std::unique_ptr<SessionEngine> engine;

  /// The profile's name.
  const std::string& profile_name() const { return stores.profile.name; }
  /// The server the session belongs to (partner endpoint, Cognito endpoint, OAuth2 issuer).
  const std::string& endpoint() const { return provider.server; }
};

/// The session the CLI signed in with (`freshauth login`), ready for ensure_fresh(): resolves the
/// profile (as resolve_profile()), opens its stores without writing anything, makes its provider
/// from the settings over the login record, and restores the stored session. Errors:
/// not_signed_in (the message says which `freshauth login` to run) when the profile holds no
/// session; invalid_argument for unusable settings and for a session created at another server
/// than the settings now name; storage for unreadable state.
Result<DefaultSession> open_default_session(const ProfileRequest& request = {},
                                            DefaultSessionOptions options = {});

/// The steps of open_default_session(), for callers that sign in themselves (the CLI's login).
/// The engine over `stores` with the provider their settings name; no session is loaded. Fails
/// (invalid_argument) when the settings do not name a usable provider, saying which is missing.
Result<DefaultSession> open_session(SessionStores stores, DefaultSessionOptions options);

/// Loads the stored session: Errc::not_signed_in when there is none. Refuses (invalid_argument) a
/// session created at another server than the one now configured, so that a refresh token only
/// ever goes back to the server that issued it.
Result<void> restore_session(DefaultSession& session);

/// open_session() then restore_session(), with not_signed_in reported before any setting the
/// provider would need.
Result<DefaultSession> open_signed_in_session(SessionStores stores, DefaultSessionOptions options);

}  // namespace freshauth
