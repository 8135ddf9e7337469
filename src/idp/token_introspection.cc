#include "idp/token_introspection.h"

#include <optional>

namespace freshauth::idp {
namespace {

using Json = nlohmann::json;

const Json kInactive = {{"active", false}};

bool may_see(const AppClient& caller, const std::string& issued_to) {
  return caller.secret.has_value() || caller.client_id == issued_to;
}

std::optional<Json> as_access_token(IdpService& service, const std::string& token,
                                    const AppClient& caller) {
  auto verified = service.verify_access_token(token);
  if (!verified) return std::nullopt;
  const Json& claims = *verified->claims;
  const std::string client_id = claims.value("client_id", "");
  if (!may_see(caller, client_id)) return std::nullopt;
  if (!service.storage().refresh_tokens->session_live(claims.value("origin_jti", ""))) {
    return std::nullopt;
  }
  Json answer = {{"active", true},
                 {"token_type", "Bearer"},
                 {"token_use", claims.value("token_use", "")},
                 {"client_id", client_id},
                 {"username", claims.value("username", "")},
                 {"sub", claims.value("sub", "")},
                 {"iss", claims.value("iss", "")},
                 {"exp", claims.value("exp", Json{})},
                 {"iat", claims.value("iat", Json{})}};
  if (const auto scope = claims.find("scope"); scope != claims.end() && scope->is_string()) {
    answer["scope"] = *scope;
  }
  return answer;
}

std::optional<Json> as_refresh_token(IdpService& service, const std::string& token,
                                     const AppClient& caller) {
  const auto record = service.storage().refresh_tokens->redeem(token, service.clock().now());
  if (!record || !may_see(caller, record->client_id)) return std::nullopt;
  Json answer = {{"active", true},
                 {"client_id", record->client_id},
                 {"username", record->username},
                 {"iss", service.issuer()},
                 {"exp", to_epoch_seconds(record->expires_at).count()}};
  if (const auto user = service.storage().users->find(record->username)) answer["sub"] = user->sub;
  return answer;
}

// Our access tokens are JWTs and our refresh tokens (base64url) never contain a dot.
bool looks_like_jwt(const std::string& token) { return token.find('.') != std::string::npos; }

}  // namespace

Json introspect_token(IdpService& service, const std::string& token, const AppClient& caller) {
  auto answer = looks_like_jwt(token) ? as_access_token(service, token, caller)
                                      : as_refresh_token(service, token, caller);
  return answer.value_or(kInactive);
}

}  // namespace freshauth::idp
