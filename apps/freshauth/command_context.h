#pragma once

#include <optional>
#include <string_view>

#include "cli_session.h"
#include "environment.h"
#include "profile.h"
#include "session_stores.h"

namespace freshauth::cli {

// Reports a failure to set a command up: settings errors (invalid_argument) are usage errors (2).
int report_setup_failure(std::string_view command, const Error& error, const std::string& profile);

// The steps every session command starts with. Each returns nullopt after printing what went
// wrong and what to do, with `exit_code` set: settings errors are usage errors (2).
std::optional<SessionStores> stores_for(std::string_view command, const ProfileSelection& selection,
                                        const Environment& env, bool create, int& exit_code);
// The stores plus an engine holding the stored session.
std::optional<CliSession> signed_in_session(std::string_view command,
                                            const ProfileSelection& selection,
                                            const Environment& env, int& exit_code);

}  // namespace freshauth::cli
