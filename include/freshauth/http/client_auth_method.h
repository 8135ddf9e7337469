#pragma once

namespace freshauth {

/// How an OAuth2 client proves itself at a token, revocation or introspection endpoint
/// (RFC 6749 §2.3.1).
enum class ClientAuthMethod {
  none,                 ///< a public client: client_id in the body, no secret
  client_secret_basic,  ///< Authorization: Basic base64(form-encoded id ":" form-encoded secret)
  client_secret_post,   ///< client_id and client_secret in the body
};

}  // namespace freshauth
