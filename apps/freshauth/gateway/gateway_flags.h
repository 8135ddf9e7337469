#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/command_context.h"
#include "freshauth/core/error.h"
#include "freshauth/credentials/profile_settings.h"
#include "freshauth/gateway/upstream_route.h"
#include "gateway/gateway_options.h"

// Turning `freshauth gateway`'s flags into what the gateways take. Errors are invalid_argument
// naming the flag: the command reports them as usage errors.
namespace freshauth::cli {

// --route and --partner-route: PREFIX=URL, the prefix starting and ending with '/'.
Result<std::vector<gateway::UpstreamRoute>> gateway_routes(const GatewayOptions& options);

// The value of the variable `variable` names (for --password-env and the like); nullopt when no
// variable is named, an error when it is named but unset or empty.
Result<std::optional<std::string>> secret_from_env(const Environment& env, std::string_view flag,
                                                   const std::optional<std::string>& variable);

// The provider settings: the flags over FRESHAUTH_* variables or, with --profile (or
// $FRESHAUTH_PROFILE), over that profile as `freshauth login` reads it; the client secret from
// --client-secret-env when given.
Result<ProfileSettings> gateway_settings(const GatewayOptions& options, const Environment& env);

// A flag given that the chosen role does not use, or nullopt.
std::optional<std::string> flag_of_the_other_role(const GatewayOptions& options);

}  // namespace freshauth::cli
