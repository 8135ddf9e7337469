#include "idp/partner_routes.h"

#include "idp/partner_requests.h"

namespace freshauth::idp {
namespace {

using server::json_error;
using server::json_response;
using server::ServerRequest;
using server::ServerResponse;

// Error messages come from the service and never contain a password or token.
ServerResponse refusal(const Error& error, int rejected_status) {
  switch (error.code) {
    case Errc::invalid_credentials:
    case Errc::session_expired:
      return json_error(rejected_status, "NotAuthorized", error.message);
    case Errc::transient: {
      auto response = json_error(429, "TooManyFailedAttempts", error.message);
      if (error.retry_after)
        response.set_header("Retry-After", std::to_string(error.retry_after->count()));
      return response;
    }
    case Errc::invalid_argument:
      return json_error(500, "NotConfigured", error.message);
    default:
      return json_error(500, "InternalError", "the server could not complete the request");
  }
}

ServerResponse tokens_response(const IssuedTokens& tokens) {
  nlohmann::json body = {{"AccessToken", tokens.access_token},
                         {"IdToken", tokens.id_token},
                         {"TokenType", "Bearer"},
                         {"ExpiresIn", tokens.expires_in.count()}};
  if (tokens.refresh_token) body["RefreshToken"] = *tokens.refresh_token;
  auto response = json_response(200, body);
  response.set_header("Cache-Control", "no-store");
  return response;
}

template <class T>
const T* decoded_or(const Decoded<T>& decoded, ServerResponse& refused) {
  if (const auto* failure = std::get_if<ServerResponse>(&decoded)) {
    refused = *failure;
    return nullptr;
  }
  return &std::get<T>(decoded);
}

}  // namespace

void add_partner_routes(server::Router& router, std::function<IdpService&()> service) {
  router.add("POST", "/auth", [service](const ServerRequest& request) {
    ServerResponse refused;
    const auto decoded = decode_sign_in(request);
    const auto* body = decoded_or(decoded, refused);
    if (body == nullptr) return refused;
    auto answer = service().sign_in(body->username, body->password);
    if (!answer) return refusal(answer.error(), 401);
    if (const auto* mfa = std::get_if<MfaRequired>(&*answer)) {
      return json_response(200, {{"Challenge", "SOFTWARE_TOKEN_MFA"}, {"Session", mfa->session}});
    }
    return tokens_response(std::get<IssuedTokens>(*answer));
  });
  router.add("PUT", "/auth/challenge/mfa-token", [service](const ServerRequest& request) {
    ServerResponse refused;
    const auto decoded = decode_mfa_answer(request);
    const auto* body = decoded_or(decoded, refused);
    if (body == nullptr) return refused;
    auto tokens = service().answer_mfa(body->username, body->session, body->code);
    if (!tokens) return refusal(tokens.error(), 401);
    return tokens_response(*tokens);
  });
  router.add("POST", "/auth/refresh_token", [service](const ServerRequest& request) {
    ServerResponse refused;
    const auto decoded = decode_refresh(request);
    const auto* body = decoded_or(decoded, refused);
    if (body == nullptr) return refused;
    auto tokens = service().refresh(body->token, body->device_key);
    if (!tokens) return refusal(tokens.error(), 400);
    return tokens_response(*tokens);
  });
  router.add("POST", "/auth/logout", [service](const ServerRequest& request) {
    ServerResponse refused;
    const auto decoded = decode_logout(request);
    const auto* body = decoded_or(decoded, refused);
    if (body == nullptr) return refused;
    service().logout(body->token);
    return server::no_content();
  });
  router.add("GET", "/.well-known/jwks.json", [service](const ServerRequest&) {
    auto response = json_response(200, service().jwks());
    response.set_header("Cache-Control", "public, max-age=300");
    return response;
  });
  router.add("GET", "/.well-known/openid-configuration", [service](const ServerRequest&) {
    return json_response(200, service().openid_configuration());
  });
}

}  // namespace freshauth::idp
