#include "freshauth/providers/oauth2_endpoints.h"

#include <nlohmann/json.hpp>

#include "providers/oauth2_errors.h"

namespace freshauth {
namespace {

using detail::not_oauth2_advice;

Error not_a_discovery_document(const std::string& call, const std::string& why) {
  return {Errc::invalid_argument, call + ": " + why + "; " + not_oauth2_advice(), {}};
}

std::optional<std::string> optional_url(const nlohmann::json& document, const char* name) {
  const auto it = document.find(name);
  if (it == document.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
    return std::nullopt;
  }
  return it->get<std::string>();
}

std::vector<std::string> string_list(const nlohmann::json& document, const char* name) {
  std::vector<std::string> values;
  const auto it = document.find(name);
  if (it == document.end() || !it->is_array()) return values;
  for (const auto& value : *it) {
    if (value.is_string()) values.push_back(value.get<std::string>());
  }
  return values;
}

}  // namespace

Result<OAuth2Endpoints> discover_oauth2_endpoints(HttpTransport& transport,
                                                  const std::string& issuer) {
  std::string base = issuer;
  while (!base.empty() && base.back() == '/') base.pop_back();
  HttpRequest request;
  request.url = base + "/.well-known/openid-configuration";
  request.headers = {{"Accept", "application/json"}};
  const std::string call = "OAuth2 discovery (GET " + request.url + ")";
  auto sent = transport.send(request);
  if (!sent) return detail::oauth2_unreachable(call, sent.error());
  if (!sent->is_success()) {
    return detail::oauth2_failure(call, detail::OAuth2Call::discovery, *sent);
  }
  if (auto hint = detail::other_protocol_hint(*sent)) {
    return Error{Errc::invalid_argument, call + ": " + *hint, {}};
  }
  const auto document = nlohmann::json::parse(sent->body, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded() || !document.is_object()) {
    return not_a_discovery_document(call, "the answer is not a JSON discovery document");
  }
  OAuth2Endpoints endpoints;
  const auto named_issuer = optional_url(document, "issuer");
  const auto token_endpoint = optional_url(document, "token_endpoint");
  if (!named_issuer || !token_endpoint) {
    return not_a_discovery_document(call, "the document names no issuer or token_endpoint");
  }
  // OpenID Connect Discovery §4.3: anything but the very issuer asked for may be an impostor's
  // document (or a typo); the issuer is no secret, so both are shown.
  if (*named_issuer != issuer) {
    return Error{Errc::invalid_argument,
                 call + ": the document is for issuer \"" + *named_issuer + "\", not \"" + issuer +
                     "\"; configure the issuer exactly as the server names it",
                 {}};
  }
  endpoints.issuer = *named_issuer;
  endpoints.token_endpoint = *token_endpoint;
  endpoints.authorization_endpoint = optional_url(document, "authorization_endpoint").value_or("");
  endpoints.revocation_endpoint = optional_url(document, "revocation_endpoint");
  endpoints.device_authorization_endpoint = optional_url(document, "device_authorization_endpoint");
  endpoints.introspection_endpoint = optional_url(document, "introspection_endpoint");
  endpoints.userinfo_endpoint = optional_url(document, "userinfo_endpoint");
  endpoints.jwks_uri = optional_url(document, "jwks_uri");
  endpoints.scopes_supported = string_list(document, "scopes_supported");
  return endpoints;
}

}  // namespace freshauth
