#pragma once

#include <string>

#include "freshauth/core/authenticator.h"
#include "freshauth/http/http_transport.h"

// How the partner API's answers map onto the engine's vocabulary. `call` names the endpoint
// ("POST /auth") in messages; bodies never appear in them.
namespace freshauth::detail {

enum class PartnerCall { sign_in, refresh, logout };

// An Error for anything but a 2xx answer, per the failure classes of the engine's contract.
Error partner_failure(const std::string& call, PartnerCall kind, const HttpResponse& response);
Error partner_unreachable(const std::string& call, const TransportError& error);

// A token answer: AccessToken is required, ExpiresIn and RefreshToken optional.
Result<TokenGrant> parse_token_grant(const std::string& call, const std::string& body);
// Tokens, or a {"Challenge","Session"} asking for a second factor.
Result<SignInOutcome> parse_sign_in(const std::string& call, const std::string& body,
                                    const std::string& username);

}  // namespace freshauth::detail
