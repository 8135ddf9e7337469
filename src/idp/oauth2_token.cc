#include "freshauth/server/form_body.h"
#include "idp/bearer_auth.h"
#include "idp/client_authentication.h"
#include "idp/oauth2_routes.h"

namespace freshauth::idp {
namespace {

using server::FormFields;
using server::ServerRequest;
using server::ServerResponse;

std::string field(const FormFields& fields, const char* name) {
  return server::form_field(fields, name);
}

ServerResponse tokens_response(const IssuedTokens& tokens) {
  nlohmann::json body = {{"access_token", tokens.access_token},
                         {"id_token", tokens.id_token},
                         {"expires_in", tokens.expires_in.count()},
                         {"token_type", "Bearer"}};
  if (tokens.refresh_token) body["refresh_token"] = *tokens.refresh_token;
  auto response = server::json_response(200, body);
  response.set_header("Cache-Control", "no-store");
  response.set_header("Pragma", "no-cache");
  return response;
}

// Messages come from the service and never quote a code, verifier or token.
ServerResponse grant_refused(const Error& error) {
  if (error.code == Errc::invalid_credentials || error.code == Errc::session_expired) {
    return oauth2_error(400, "invalid_grant", error.message);
  }
  return oauth2_error(500, "server_error", "the request could not be completed");
}

ServerResponse token(const ServerRequest& request, IdpService& service) {
  auto body = server::parse_form_body(request);
  if (std::holds_alternative<ServerResponse>(body)) {
    return oauth2_error(400, "invalid_request",
                        "the body must be a well-formed application/x-www-form-urlencoded form");
  }
  const FormFields& fields = std::get<FormFields>(body);
  const std::string grant_type = field(fields, "grant_type");
  if (grant_type.empty()) return oauth2_error(400, "invalid_request", "grant_type is required");
  if (grant_type != "authorization_code" && grant_type != "refresh_token") {
    return oauth2_error(400, "unsupported_grant_type", "use authorization_code or refresh_token");
  }
  auto authenticated = client_or_refusal(request, fields, service);
  if (auto* refusal = std::get_if<ServerResponse>(&authenticated)) return std::move(*refusal);
  const auto* client = &std::get<AppClient>(authenticated);

  if (grant_type == "authorization_code") {
    const std::string code = field(fields, "code");
    const std::string verifier = field(fields, "code_verifier");
    const std::string redirect_uri = field(fields, "redirect_uri");
    if (code.empty() || verifier.empty() || redirect_uri.empty()) {
      return oauth2_error(400, "invalid_request",
                          "code, code_verifier and redirect_uri are required");
    }
    auto tokens = service.redeem_code(client->client_id, code, verifier, redirect_uri);
    if (!tokens) return grant_refused(tokens.error());
    return tokens_response(*tokens);
  }
  const std::string refresh_token = field(fields, "refresh_token");
  if (refresh_token.empty())
    return oauth2_error(400, "invalid_request", "refresh_token is required");
  auto tokens = service.refresh(refresh_token, std::nullopt, client->client_id);
  if (!tokens) return grant_refused(tokens.error());
  return tokens_response(*tokens);
}

ServerResponse revoke(const ServerRequest& request, IdpService& service) {
  auto body = server::parse_form_body(request);
  if (std::holds_alternative<ServerResponse>(body)) {
    return oauth2_error(400, "invalid_request", "the body must be a well-formed form");
  }
  const FormFields& fields = std::get<FormFields>(body);
  const std::string token_value = field(fields, "token");
  if (token_value.empty()) return oauth2_error(400, "invalid_request", "token is required");
  auto authenticated = client_or_refusal(request, fields, service);
  if (auto* refusal = std::get_if<ServerResponse>(&authenticated)) return std::move(*refusal);
  const auto* client = &std::get<AppClient>(authenticated);
  // RFC 7009 §2.2: 200 whether or not the token was valid, so tokens cannot be probed.
  service.revoke(token_value, client->client_id);
  return server::json_response(200, nlohmann::json::object());
}

ServerResponse user_info(const ServerRequest& request, IdpService& service) {
  auto bearer = authenticate_bearer(request, service);
  if (auto* refusal = std::get_if<ServerResponse>(&bearer)) return std::move(*refusal);
  const nlohmann::json& claims = *std::get<VerifiedToken>(bearer).claims;
  auto response = server::json_response(
      200, {{"sub", claims.value("sub", "")}, {"username", claims.value("username", "")}});
  response.set_header("Cache-Control", "no-store");
  return response;
}

}  // namespace

ServerResponse oauth2_error(int status, std::string_view error, std::string_view description) {
  auto response =
      server::json_response(status, {{"error", error}, {"error_description", description}});
  response.set_header("Cache-Control", "no-store");
  return response;
}

void add_oauth2_token_routes(server::Router& router, std::function<IdpService&()> service) {
  router.add("POST", "/oauth2/token",
             [service](const ServerRequest& request) { return token(request, service()); });
  router.add("POST", "/oauth2/revoke",
             [service](const ServerRequest& request) { return revoke(request, service()); });
  router.add("GET", "/oauth2/userInfo",
             [service](const ServerRequest& request) { return user_info(request, service()); });
}

}  // namespace freshauth::idp
