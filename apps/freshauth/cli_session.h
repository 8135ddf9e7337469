#pragma once

#include <memory>

#include "freshauth/core/session_engine.h"
#include "freshauth/providers/partner_authenticator.h"
#include "session_stores.h"

namespace freshauth::cli {

// The session engine of one command run, over the profile's stores and its endpoint.
struct CliSession {
  SessionStores stores;
  std::shared_ptr<PartnerAuthenticator> authenticator;
  std::unique_ptr<SessionEngine> engine;

  const std::string& profile_name() const { return stores.profile.name; }
  std::string endpoint() const { return stores.settings.endpoint.value_or(""); }
};

// A command exits right after it has a token, so a background refresh would die with it: callers
// wait for the refresh as soon as the token enters the refresh window. Otherwise the engine's
// defaults (5 minutes before expiry, at most half the lifetime).
RefreshPolicy command_line_refresh_policy();

// Does not load the session; see restore_session().
CliSession open_session(SessionStores stores);

// Loads the stored session: Errc::not_signed_in when there is none. Refuses (invalid_argument) a
// session created at another endpoint than the one now configured, so that a refresh token only
// ever goes back to the server that issued it.
Result<void> restore_session(CliSession& session);

}  // namespace freshauth::cli
