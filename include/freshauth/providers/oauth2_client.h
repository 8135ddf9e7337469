#pragma once

#include <optional>
#include <string>
#include <vector>

namespace freshauth {

// How the client proves itself at the token and revocation endpoints (RFC 6749 §2.3.1).
enum class ClientAuthMethod {
  none,                 // a public client: client_id in the body, no secret
  client_secret_basic,  // Authorization: Basic base64(form-encoded id ":" form-encoded secret)
  client_secret_post,   // client_id and client_secret in the body
};

// The client as registered at the server.
struct OAuth2Client {
  std::string client_id;
  std::optional<std::string> client_secret;
  ClientAuthMethod auth_method = ClientAuthMethod::none;
  // Empty: the flows ask for "openid", plus "offline_access" where the server lists it.
  std::vector<std::string> scopes;
};

}  // namespace freshauth
