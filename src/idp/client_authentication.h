#pragma once

#include <optional>
#include <string>
#include <variant>

#include "freshauth/server/form_body.h"
#include "freshauth/server/server_request.h"
#include "freshauth/server/server_response.h"
#include "idp/idp_service.h"

namespace freshauth::idp {

// How an OAuth 2.0 client proved who it is at the token and revocation endpoints (RFC 6749
// §2.3.1): `client_secret_basic` (HTTP Basic with the form-encoded id and secret) or
// `client_secret_post` (client_id and client_secret in the body). Public clients send only
// client_id.
struct ClientCredentials {
  std::string client_id;
  std::optional<std::string> client_secret;
};

enum class ClientAuthFailure {
  malformed,   // a Basic header that does not decode, or two methods at once: invalid_request
  unknown,     // no such client, a missing or wrong secret: invalid_client
  missing_id,  // neither a header nor client_id: invalid_request
};

// The credentials the request carries, or why it carries none usable.
std::variant<ClientCredentials, ClientAuthFailure> client_credentials(
    const server::ServerRequest& request, const server::FormFields& fields);

// The registered client these credentials authenticate (secret compared in constant time), or
// unknown. A client_id given in both the header and the body must be the same.
std::variant<AppClient, ClientAuthFailure> authenticate_client(const server::ServerRequest& request,
                                                               const server::FormFields& fields,
                                                               IdpService& service);

// authenticate_client, with a failure already shaped as the RFC 6749 §5.2 answer to send:
// 400 invalid_request (malformed, missing id) or 401 invalid_client with WWW-Authenticate.
std::variant<AppClient, server::ServerResponse> client_or_refusal(
    const server::ServerRequest& request, const server::FormFields& fields, IdpService& service);

}  // namespace freshauth::idp
