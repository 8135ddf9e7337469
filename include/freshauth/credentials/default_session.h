#pragma once

#include <memory>

#include "freshauth/core/session_engine.h"
#include "session_provider.h"
#include "session_stores.h"

namespace freshauth::cli {

// The session engine of one command run, over the profile's stores and its provider.
struct CliSession {
  SessionStores stores;
  SessionProvider provider;
  std::unique_ptr<SessionEngine> engine;

  const std::string& profile_name() const { return stores.profile.name; }
  // The server the session belongs to (partner endpoint, Cognito endpoint, OAuth2 issuer).
  const std::string& endpoint() const { return provider.server; }
};

// A command exits right after it has a token, so a background refresh would die with it: callers
// wait for the refresh as soon as the token enters the refresh window. Otherwise the engine's
// defaults (5 minutes before expiry, at most half the lifetime).
RefreshPolicy command_line_refresh_policy();

// Does not load the session; see restore_session(). Fails (invalid_argument) when the settings do
// not name a usable provider, saying which setting is missing.
Result<CliSession> open_session(SessionStores stores);

// Loads the stored session: Errc::not_signed_in when there is none. Refuses (invalid_argument) a
// session created at another server than the one now configured, so that a refresh token only
// ever goes back to the server that issued it.
Result<void> restore_session(CliSession& session);

}  // namespace freshauth::cli
