#pragma once

#include "session/cli_session.h"
#include "session/login_command.h"

namespace freshauth::cli {

// Signs in with the profile's username, a password (prompted, or from stdin) and an MFA code
// when the server asks: the partner API and Cognito's JSON API. Returns an exit code.
int sign_in_with_password(CommandContext& context, CliSession& session,
                          const LoginOptions& options);

// Signs in at an OAuth2 server in a browser (code + PKCE, loopback redirect) or with the device
// grant, and hands the tokens to the engine. Returns an exit code.
int sign_in_with_oauth2(CommandContext& context, CliSession& session, const LoginOptions& options);

}  // namespace freshauth::cli
