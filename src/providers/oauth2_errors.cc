#include "providers/oauth2_errors.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "freshauth/http/retry_after.h"

namespace freshauth::detail {
namespace {

constexpr const char* kNotOAuth2Advice =
    "expected an OAuth2 / OpenID Connect server; check the issuer and endpoints, or use "
    "--provider cognito for the Cognito JSON API (cognito-idp.<region>.amazonaws.com) or "
    "--provider partner for the partner /auth API";

std::optional<nlohmann::json> json_object(const std::string& body) {
  auto parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) return std::nullopt;
  return parsed;
}

bool looks_like_error_code(const std::string& code) {
  return !code.empty() && code.size() <= 64 && std::all_of(code.begin(), code.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || c == '_';
  });
}

const char* grant_name(OAuth2Call kind) {
  switch (kind) {
    case OAuth2Call::code_exchange:
      return "authorization_code";
    case OAuth2Call::refresh:
      return "refresh_token";
    case OAuth2Call::device_authorization:
    case OAuth2Call::device_token:
      return "urn:ietf:params:oauth:grant-type:device_code";
    case OAuth2Call::discovery:
    case OAuth2Call::revocation:
      break;
  }
  return "this";
}

const char* rejected_grant(OAuth2Call kind) {
  switch (kind) {
    case OAuth2Call::code_exchange:
      return "the authorization code was rejected (expired, already used, or the PKCE verifier or "
             "redirect_uri did not match)";
    case OAuth2Call::device_token:
      return "the device code was rejected";
    default:
      return "the server no longer accepts the refresh token (expired, revoked or already used)";
  }
}

// No http_status: that field is for an API's answers, and callers take it for one.
Error failed(Errc code, std::string message) { return {code, std::move(message), {}}; }

}  // namespace

const char* not_oauth2_advice() { return kNotOAuth2Advice; }

std::optional<std::string> oauth2_error_code(const HttpResponse& response) {
  const auto object = json_object(response.body);
  if (!object) return std::nullopt;
  const auto it = object->find("error");
  if (it == object->end() || !it->is_string()) return std::nullopt;
  std::string code = it->get<std::string>();
  if (!looks_like_error_code(code)) return std::nullopt;
  return code;
}

std::optional<std::string> other_protocol_hint(const HttpResponse& response) {
  const auto object = json_object(response.body);
  if (!object) return std::nullopt;
  if (object->contains("__type")) {
    return "the server answered like the Cognito JSON API (an __type error), not OAuth2: use "
           "--provider cognito, or the user pool's issuer "
           "(https://cognito-idp.<region>.amazonaws.com/<pool id>) or hosted UI domain";
  }
  const auto error = object->find("error");
  if (error != object->end() && error->is_string() && object->contains("message") &&
      !object->contains("error_description") && !looks_like_error_code(error->get<std::string>())) {
    return "the server answered like the partner /auth API, not OAuth2: use --provider partner";
  }
  return std::nullopt;
}

Error oauth2_failure(const std::string& call, OAuth2Call kind, const HttpResponse& response) {
  const int status = response.status;
  std::string what = call + ": HTTP " + std::to_string(status);
  if (status == 429 || status == 503) {
    return {Errc::transient, what + " (try again later)", parse_retry_after(response.headers)};
  }
  if (status >= 500 || status == 408) return failed(Errc::transient, what);
  if (auto hint = other_protocol_hint(response)) {
    return failed(Errc::invalid_argument, what + ": " + *hint);
  }
  if (status == 404 || status == 405) {
    return failed(Errc::invalid_argument, what + ": no such endpoint; " + not_oauth2_advice());
  }
  const auto code = oauth2_error_code(response);
  if (code) what += " " + *code;
  if (code == "invalid_client") {
    return failed(Errc::invalid_argument,
                  what +
                      ": the server refused the client; check the client id, the client "
                      "secret and the auth method (none, client_secret_basic, "
                      "client_secret_post) against the client's registration");
  }
  if (code == "invalid_grant") {
    return failed(Errc::session_expired, what + ": " + rejected_grant(kind));
  }
  if (code == "unauthorized_client" || code == "unsupported_grant_type") {
    return failed(Errc::invalid_argument, what + ": the client may not use the " +
                                              grant_name(kind) +
                                              " grant; allow it in the client's registration");
  }
  if (code == "invalid_scope") {
    return failed(Errc::invalid_argument,
                  what +
                      ": a requested scope is not allowed for this client; change the "
                      "scopes or the client's registration");
  }
  if (kind == OAuth2Call::refresh && (status == 400 || status == 401)) {
    return failed(Errc::session_expired, what + ": " + rejected_grant(kind));
  }
  return failed(Errc::invalid_argument, what + ": unexpected answer");
}

Error oauth2_unreachable(const std::string& call, const TransportError& error) {
  const Errc code =
      error.code == TransportErrc::invalid_request ? Errc::invalid_argument : Errc::transient;
  return {code, call + ": " + std::string{to_string(error.code)} + ": " + error.message, {}};
}

}  // namespace freshauth::detail
