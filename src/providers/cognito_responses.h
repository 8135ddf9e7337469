#pragma once

#include <string>

#include "freshauth/core/authenticator.h"

// How Cognito's successful answers (InitiateAuth, RespondToAuthChallenge) map onto the engine's
// vocabulary. `call` names the operation in messages; bodies never appear in them.
namespace freshauth::detail {

// {"AuthenticationResult": {AccessToken, IdToken?, RefreshToken?, ExpiresIn?, TokenType?,
// NewDeviceMetadata?}}. A missing ExpiresIn is normal: the token's exp decides.
Result<TokenGrant> parse_authentication_result(const std::string& call, const std::string& body);

// Tokens, or {"ChallengeName","Session","ChallengeParameters"}: SOFTWARE_TOKEN_MFA and SMS_MFA
// become an MfaChallenge for `username` (or the USER_ID_FOR_SRP the server names); any other
// challenge is an Errc::invalid_argument saying what the user must do first.
Result<SignInOutcome> parse_cognito_sign_in(const std::string& call, const std::string& body,
                                            const std::string& username);

}  // namespace freshauth::detail
