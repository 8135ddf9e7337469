#include "freshauth/providers/partner_authenticator.h"

#include <nlohmann/json.hpp>

#include "freshauth/curl/curl_transport.h"
#include "providers/partner_responses.h"

namespace freshauth {
namespace {

using detail::PartnerCall;

constexpr const char* kSignIn = "POST /auth";
constexpr const char* kMfa = "PUT /auth/challenge/mfa-token";
constexpr const char* kRefresh = "POST /auth/refresh_token";
constexpr const char* kLogout = "POST /auth/logout";

nlohmann::json optional_string(const std::optional<std::string>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

}  // namespace

PartnerAuthenticator::PartnerAuthenticator(PartnerAuthenticatorOptions options)
    : options_(std::move(options)) {
  if (!options_.transport) options_.transport = std::make_shared<CurlTransport>();
}

HttpResult PartnerAuthenticator::post_json(const std::string& method, const std::string& path,
                                           const std::string& body) {
  HttpRequest request;
  request.method = method;
  request.url = options_.base_url + path;
  request.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
  request.body = body;
  return options_.transport->send(request);
}

Result<SignInOutcome> PartnerAuthenticator::sign_in(const Credentials& credentials) {
  const nlohmann::json body = {{"username", credentials.username},
                               {"password", credentials.password}};
  return sign_in_outcome(kSignIn, post_json("POST", "/auth", body.dump()), credentials.username);
}

Result<SignInOutcome> PartnerAuthenticator::respond_to_mfa(const MfaChallenge& challenge,
                                                           const std::string& code) {
  const nlohmann::json body = {
      {"username", challenge.username}, {"session", challenge.session}, {"code", code}};
  return sign_in_outcome(kMfa, post_json("PUT", "/auth/challenge/mfa-token", body.dump()),
                         challenge.username);
}

Result<SignInOutcome> PartnerAuthenticator::sign_in_outcome(const std::string& call,
                                                            HttpResult sent,
                                                            const std::string& username) {
  if (!sent) return detail::partner_unreachable(call, sent.error());
  if (!sent->is_success()) return detail::partner_failure(call, PartnerCall::sign_in, *sent);
  auto outcome = detail::parse_sign_in(call, sent->body, username);
  if (!outcome) return outcome;
  if (const auto* challenge = std::get_if<MfaChallenge>(&*outcome);
      challenge != nullptr && options_.service_account) {
    return Error{Errc::mfa_required,
                 call + ": the server asked for " + challenge->name +
                     ", but MFA must be turned off for service accounts (disable it when "
                     "provisioning the account; rely on a strong password and network controls)",
                 {}};
  }
  return outcome;
}

Result<TokenGrant> PartnerAuthenticator::refresh(const RefreshRequest& request) {
  const nlohmann::json body = {{"token", request.refresh_token},
                               {"device_key", optional_string(request.device_key)},
                               {"device_group_key", optional_string(request.device_group_key)}};
  auto sent = post_json("POST", "/auth/refresh_token", body.dump());
  if (!sent) return detail::partner_unreachable(kRefresh, sent.error());
  if (!sent->is_success()) return detail::partner_failure(kRefresh, PartnerCall::refresh, *sent);
  return detail::parse_token_grant(kRefresh, sent->body);
}

Result<void> PartnerAuthenticator::revoke(const std::string& refresh_token) {
  const nlohmann::json body = {{"token", refresh_token}};
  auto sent = post_json("POST", "/auth/logout", body.dump());
  if (!sent) return detail::partner_unreachable(kLogout, sent.error());
  if (!sent->is_success()) return detail::partner_failure(kLogout, PartnerCall::logout, *sent);
  return {};
}

}  // namespace freshauth
