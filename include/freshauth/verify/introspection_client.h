#pragma once

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "freshauth/core/error.h"
#include "freshauth/http/client_auth_method.h"
#include "freshauth/http/http_transport.h"

namespace freshauth {

struct IntrospectionClientOptions {
  /// The server's introspection_endpoint (its /.well-known/openid-configuration names it), e.g.
  /// https://idp.example/oauth2/introspect or, for `freshauth idp`, \<issuer\>/oauth2/introspect.
  std::string endpoint;
  std::string client_id;
  std::string client_secret;  ///< sent only to `endpoint`, never logged or put in a message
  ClientAuthMethod auth_method = ClientAuthMethod::client_secret_basic;
  std::chrono::milliseconds timeout{5'000};  ///< the whole call
};

/// The server's RFC 7662 §2.2 answer. `active` is false whenever the server said so: unknown,
/// expired, revoked or malformed tokens all look alike, by design of the RFC.
struct Introspection {
  bool active = false;
  /// Every member the server sent ("active", and when active typically "client_id", "username",
  /// "sub", "scope", "exp", "iat", "iss", "token_type", "token_use").
  nlohmann::json claims = nlohmann::json::object();
};

/// Asks an RFC 7662 introspection endpoint about one token:
///   POST \<endpoint\>, application/x-www-form-urlencoded: token=...&token_type_hint=...
/// authenticated as `client_id` with `auth_method`. Thread-safe when the transport is (ours is).
///
/// A 200 with a JSON object holding a boolean "active" is an Introspection, active or not.
/// Anything else is an Error, so "the server said inactive" and "we could not ask" never look
/// alike:
///   Errc::transient         no answer (connect, timeout, TLS), 429, 5xx, or a 200 whose body is
///                           not an introspection answer; worth asking again later
///   Errc::invalid_argument  400, 401, 403 or another 4xx: the endpoint refused this client (wrong
///                           id, secret or method, or no permission to introspect): fix the
///                           configuration; asking again will not help
/// Error::http_status carries the status when there was one. Messages name the endpoint and the
/// status, never the token, the secret or the response body.
class IntrospectionClient {
 public:
  IntrospectionClient(std::shared_ptr<HttpTransport> transport, IntrospectionClientOptions options);

  /// `token_type_hint`: "access_token", "refresh_token", or empty to send none.
  Result<Introspection> introspect(std::string_view token,
                                   std::string_view token_type_hint = "access_token") const;

  const std::string& endpoint() const { return options_.endpoint; }

 private:
  std::shared_ptr<HttpTransport> transport_;
  IntrospectionClientOptions options_;
};

}  // namespace freshauth
