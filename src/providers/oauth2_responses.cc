#include "providers/oauth2_responses.h"

#include <nlohmann/json.hpp>

#include "freshauth/http/http_headers.h"
#include "providers/json_answer.h"
#include "providers/oauth2_errors.h"

namespace freshauth::detail {
namespace {

const std::string* non_empty_string(const nlohmann::json& object, const char* name) {
  const std::string* value = string_field(object, name);
  return value != nullptr && !value->empty() ? value : nullptr;
}

// Seconds as a JSON number or, as some servers send them, a string of digits. nullopt: absent;
// zero: present but not a positive whole number.
std::optional<long long> seconds_field(const nlohmann::json& object, const char* name) {
  const auto it = object.find(name);
  if (it == object.end() || it->is_null()) return std::nullopt;
  if (it->is_number_integer()) return std::max(it->get<long long>(), 0LL);
  if (it->is_number_float()) {
    const double value = it->get<double>();
    return value >= 1 && value < 1e12 ? static_cast<long long>(value) : 0;
  }
  if (it->is_string()) {
    const auto& text = it->get_ref<const std::string&>();
    if (text.empty() || text.size() > 12 ||
        text.find_first_not_of("0123456789") != std::string::npos) {
      return 0;
    }
    return std::stoll(text);
  }
  return 0;
}

}  // namespace

Result<TokenGrant> parse_token_response(const std::string& call, const std::string& body) {
  const auto object = parse_json_object(body);
  if (!object) return malformed_answer(call, "not a JSON object");
  const std::string* access = non_empty_string(*object, "access_token");
  if (access == nullptr) return malformed_answer(call, "no access_token");
  if (const std::string* type = string_field(*object, "token_type");
      type != nullptr && !equals_ignoring_case(*type, "Bearer")) {
    return Error{Errc::invalid_argument,
                 call +
                     ": the server issued a token of another type than Bearer, which freshauth "
                     "does not send; configure the client for Bearer tokens",
                 {}};
  }
  TokenGrant grant;
  grant.access_token = *access;
  if (const std::string* id = string_field(*object, "id_token")) grant.id_token = *id;
  if (const std::string* refresh = non_empty_string(*object, "refresh_token")) {
    grant.refresh_token = *refresh;
  }
  if (const auto expires_in = seconds_field(*object, "expires_in")) {
    if (*expires_in <= 0) return malformed_answer(call, "expires_in is not a positive number");
    grant.expires_in = std::chrono::seconds{*expires_in};
  }
  return grant;
}

Result<DeviceAuthorization> parse_device_authorization(const std::string& call,
                                                       const std::string& body) {
  const auto object = parse_json_object(body);
  if (!object) return malformed_answer(call, "not a JSON object");
  DeviceAuthorization authorization;
  const std::string* device_code = non_empty_string(*object, "device_code");
  const std::string* user_code = non_empty_string(*object, "user_code");
  const std::string* uri = non_empty_string(*object, "verification_uri");
  // Google's early drafts named it verification_url.
  if (uri == nullptr) uri = non_empty_string(*object, "verification_url");
  if (device_code == nullptr || user_code == nullptr || uri == nullptr) {
    return malformed_answer(call, "device_code, user_code and verification_uri are required");
  }
  authorization.device_code = *device_code;
  authorization.user_code = *user_code;
  authorization.verification_uri = *uri;
  if (const std::string* complete = non_empty_string(*object, "verification_uri_complete")) {
    authorization.verification_uri_complete = *complete;
  }
  const auto expires_in = seconds_field(*object, "expires_in");
  if (!expires_in || *expires_in <= 0) {
    return malformed_answer(call, "expires_in is not a positive number");
  }
  authorization.expires_in = std::chrono::seconds{*expires_in};
  // A missing or unusable interval means the RFC's default.
  if (const auto interval = seconds_field(*object, "interval"); interval && *interval > 0) {
    authorization.interval = std::chrono::seconds{*interval};
  }
  return authorization;
}

}  // namespace freshauth::detail
