#include "providers/partner_responses.h"

#include <nlohmann/json.hpp>

#include "freshauth/http/retry_after.h"
#include "providers/json_answer.h"

namespace freshauth::detail {

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
  const auto object = parse_json_object(body);
  if (!object) return malformed_answer(call, "not a JSON object");
  return parse_cognito_style_tokens(call, *object);
}

Result<SignInOutcome> parse_sign_in(const std::string& call, const std::string& body,
                                    const std::string& username) {
  const auto object = parse_json_object(body);
  if (!object) return malformed_answer(call, "not a JSON object");
  if (const std::string* challenge = string_field(*object, "Challenge")) {
    const std::string* session = string_field(*object, "Session");
    if (session == nullptr || session->empty())
      return malformed_answer(call, "challenge without Session");
    return SignInOutcome{MfaChallenge{*challenge, username, *session}};
  }
  auto grant = parse_token_grant(call, body);
  if (!grant) return grant.error();
  return SignInOutcome{std::move(*grant)};
}

}  // namespace freshauth::detail
