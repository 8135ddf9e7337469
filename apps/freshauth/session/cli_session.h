#pragma once

#include <optional>
#include <string_view>

#include "common/command_context.h"
#include "freshauth/credentials/default_session.h"
#include "freshauth/credentials/profile.h"
#include "freshauth/credentials/session_stores.h"

namespace freshauth::cli {

// The session engine of one command run, over the profile's stores and its provider.
using CliSession = DefaultSession;

// A command exits right after it has a token, so a background refresh would die with it: callers
// wait for the refresh as soon as the token enters the refresh window. Otherwise the engine's
// defaults (5 minutes before expiry, at most half the lifetime).
RefreshPolicy command_line_refresh_policy();

// freshauth::open_session() with the context's environment and clock and the command-line
// refresh policy; no session is loaded.
Result<CliSession> open_session(SessionStores stores, const CommandContext& context);

// Reports a failure to set a command up: settings errors (invalid_argument) are usage errors (2).
int report_setup_failure(CommandContext& context, std::string_view command, const Error& error,
                         const std::string& profile);

// The steps every session command starts with. Each returns nullopt after printing what went
// wrong and what to do, with `exit_code` set: settings errors are usage errors (2).
std::optional<SessionStores> stores_for(CommandContext& context, std::string_view command,
                                        const ProfileRequest& selection, bool create,
                                        int& exit_code);
// The stores plus an engine holding the stored session.
std::optional<CliSession> signed_in_session(CommandContext& context, std::string_view command,
                                            const ProfileRequest& selection, int& exit_code);

}  // namespace freshauth::cli
