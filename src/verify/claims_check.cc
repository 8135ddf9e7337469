#include "claims_check.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace freshauth {
namespace {

VerifyFailure fail(VerifyErrc reason, std::string message) { return {reason, std::move(message)}; }

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// True when `value` is a string equal to one of `list`.
bool is_one_of(const JsonValue& value, const std::vector<std::string>& list) {
  return std::any_of(list.begin(), list.end(),
                     [&](const std::string& one) { return json_string_equals(value, one); });
}

std::optional<double> time_claim(const std::optional<JsonValue>& claim, bool& malformed) {
  if (!claim) return std::nullopt;
  const auto seconds = json_number(*claim);
  if (!seconds || !std::isfinite(*seconds)) {
    malformed = true;
    return std::nullopt;
  }
  return seconds;
}

std::optional<VerifyFailure> check_time(const CheckedClaims& claims, const VerifierConfig& config,
                                        double now) {
  bool malformed = false;
  const auto exp = time_claim(claims.exp, malformed);
  const auto nbf = time_claim(claims.nbf, malformed);
  if (malformed) return fail(VerifyErrc::malformed, "exp or nbf is not a number");
  if (!exp) return fail(VerifyErrc::malformed, "no exp claim");
  const auto leeway = static_cast<double>(config.leeway.count());
  if (*exp + leeway <= now) return fail(VerifyErrc::expired, "token expired");
  if (nbf && *nbf - leeway > now)
    return fail(VerifyErrc::not_yet_valid, "token not valid yet (nbf)");
  return std::nullopt;
}

// True when `list` is an array with a string element in `allowed`.
bool has_element_in(const std::optional<JsonValue>& list, const std::vector<std::string>& allowed) {
  bool found = false;
  if (list) {
    for_each_json_element(*list,
                          [&](const JsonValue& one) { found = found || is_one_of(one, allowed); });
  }
  return found;
}

std::optional<VerifyFailure> check_client(const CheckedClaims& claims,
                                          const VerifierConfig& config) {
  if (config.token_use == TokenUse::id) {
    // `aud` may be one string or an array of strings (RFC 7519 §4.1.3).
    const bool allowed = claims.aud && (is_one_of(*claims.aud, config.client_ids) ||
                                        has_element_in(claims.aud, config.client_ids));
    if (!allowed) return fail(VerifyErrc::wrong_audience, "aud is not an allowed app client");
    return std::nullopt;
  }
  if (!claims.client_id || !is_one_of(*claims.client_id, config.client_ids)) {
    return fail(VerifyErrc::wrong_audience, "client_id is not an allowed app client");
  }
  return std::nullopt;
}

std::optional<VerifyFailure> check_scopes_and_groups(const CheckedClaims& claims,
                                                     const VerifierConfig& config) {
  if (!config.required_scopes.empty()) {
    std::vector<std::string> granted;
    if (claims.scope) {
      std::istringstream words(json_string(*claims.scope));
      for (std::string word; words >> word;) granted.push_back(word);
    }
    for (const auto& required : config.required_scopes) {
      if (!contains(granted, required))
        return fail(VerifyErrc::missing_scope, "scope " + required + " missing");
    }
  }
  if (!config.accepted_groups.empty() && !has_element_in(claims.groups, config.accepted_groups)) {
    return fail(VerifyErrc::missing_scope, "not in an accepted cognito:groups");
  }
  return std::nullopt;
}

}  // namespace

void CheckedClaims::take(std::string_view name, const JsonValue& value) {
  if (name == "exp") {
    exp = value;
  } else if (name == "nbf") {
    nbf = value;
  } else if (name == "iss") {
    iss = value;
  } else if (name == "token_use") {
    token_use = value;
  } else if (name == "client_id") {
    client_id = value;
  } else if (name == "aud") {
    aud = value;
  } else if (name == "scope") {
    scope = value;
  } else if (name == "cognito:groups") {
    groups = value;
  }
}

double epoch_seconds(TimePoint t) {
  return std::chrono::duration<double>(t.time_since_epoch()).count();
}

std::optional<VerifyFailure> check_claims(const CheckedClaims& claims, const VerifierConfig& config,
                                          TimePoint now) {
  if (auto failure = check_time(claims, config, epoch_seconds(now))) return failure;
  if (!claims.iss || !json_string_equals(*claims.iss, config.issuer)) {
    return fail(VerifyErrc::wrong_issuer, "iss is not the expected issuer");
  }
  const char* expected_use = config.token_use == TokenUse::access ? "access" : "id";
  if (!claims.token_use || !json_string_equals(*claims.token_use, expected_use)) {
    return fail(VerifyErrc::wrong_token_use, std::string{"token_use is not "} + expected_use);
  }
  if (auto failure = check_client(claims, config)) return failure;
  return check_scopes_and_groups(claims, config);
}

}  // namespace freshauth
