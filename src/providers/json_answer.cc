#include "providers/json_answer.h"

namespace freshauth::detail {

std::optional<nlohmann::json> parse_json_object(const std::string& body) {
  auto parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) return std::nullopt;
  return parsed;
}

const std::string* string_field(const nlohmann::json& object, const char* name) {
  const auto it = object.find(name);
  if (it == object.end() || !it->is_string()) return nullptr;
  return it->get_ptr<const std::string*>();
}

Error malformed_answer(const std::string& call, const std::string& what) {
  return {Errc::transient, call + ": malformed response (" + what + ")", {}};
}

Result<TokenGrant> parse_cognito_style_tokens(const std::string& call,
                                              const nlohmann::json& object) {
  const std::string* access = string_field(object, "AccessToken");
  if (access == nullptr || access->empty()) return malformed_answer(call, "no AccessToken");
  TokenGrant grant;
  grant.access_token = *access;
  if (const std::string* id = string_field(object, "IdToken")) grant.id_token = *id;
  if (const std::string* refresh = string_field(object, "RefreshToken");
      refresh != nullptr && !refresh->empty()) {
    grant.refresh_token = *refresh;
  }
  if (const auto it = object.find("ExpiresIn"); it != object.end() && !it->is_null()) {
    if (!it->is_number_integer() || it->get<long long>() <= 0) {
      return malformed_answer(call, "ExpiresIn is not a positive integer");
    }
    grant.expires_in = std::chrono::seconds{it->get<long long>()};
  }
  return grant;
}

}  // namespace freshauth::detail
