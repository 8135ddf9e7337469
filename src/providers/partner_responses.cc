#include "providers/partner_responses.h"

#include <nlohmann/json.hpp>

#include "freshauth/http/retry_after.h"

namespace freshauth::detail {
namespace {

Error malformed(const std::string& call, const std::string& what) {
  return {Errc::transient, call + ": malformed response (" + what + ")", {}};
}

std::optional<nlohmann::json> parse_object(const std::string& body) {
  auto parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) return std::nullopt;
  return parsed;
}

const std::string* string_field(const nlohmann::json& object, const char* name) {
  const auto it = object.find(name);
  if (it == object.end() || !it->is_string()) return nullptr;
  return it->get_ptr<const std::string*>();
}

}  // namespace

Error partner_failure(const std::string& call, PartnerCall kind, const HttpResponse& response) {
  const int status = response.status;
  const std::string what = call + ": HTTP " + std::to_string(status);
  if (status == 429 || status == 503) {
    return {Errc::transient, what + " (try again later)", parse_retry_after(response.headers)};
  }
  if (status >= 500 || status == 408) return {Errc::transient, what, {}};
  if (kind == PartnerCall::refresh && (status == 400 || status == 401)) {
    return {Errc::session_expired, what + ": the refresh token was rejected", {}};
  }
  if (kind == PartnerCall::sign_in && (status == 401 || status == 403)) {
    return {Errc::invalid_credentials, what + ": wrong username, password or code", {}};
  }
  if (status == 404 || status == 405) {
    return {Errc::invalid_argument,
            what +
                ": this server does not serve the partner API there; check the endpoint, or "
                "whether the server speaks another provider (--provider cognito or oauth2)",
            {}};
  }
  return {Errc::invalid_argument, what + ": unexpected answer from the partner API", {}};
}

Error partner_unreachable(const std::string& call, const TransportError& error) {
  return {
      Errc::transient, call + ": " + std::string{to_string(error.code)} + ": " + error.message, {}};
}

Result<TokenGrant> parse_token_grant(const std::string& call, const std::string& body) {
  const auto object = parse_object(body);
  if (!object) return malformed(call, "not a JSON object");
  const std::string* access = string_field(*object, "AccessToken");
  if (access == nullptr || access->empty()) return malformed(call, "no AccessToken");
  TokenGrant grant;
  grant.access_token = *access;
  if (const std::string* id = string_field(*object, "IdToken")) grant.id_token = *id;
  if (const std::string* refresh = string_field(*object, "RefreshToken"); refresh != nullptr) {
    if (!refresh->empty()) grant.refresh_token = *refresh;
  }
  if (const auto it = object->find("ExpiresIn"); it != object->end() && !it->is_null()) {
    if (!it->is_number_integer() || it->get<long long>() <= 0) {
      return malformed(call, "ExpiresIn is not a positive integer");
    }
    grant.expires_in = std::chrono::seconds{it->get<long long>()};
  }
  return grant;
}

Result<SignInOutcome> parse_sign_in(const std::string& call, const std::string& body,
                                    const std::string& username) {
  const auto object = parse_object(body);
  if (!object) return malformed(call, "not a JSON object");
  if (const std::string* challenge = string_field(*object, "Challenge")) {
    const std::string* session = string_field(*object, "Session");
    if (session == nullptr || session->empty()) return malformed(call, "challenge without Session");
    return SignInOutcome{MfaChallenge{*challenge, username, *session}};
  }
  auto grant = parse_token_grant(call, body);
  if (!grant) return grant.error();
  return SignInOutcome{std::move(*grant)};
}

}  // namespace freshauth::detail
