#include "claims_check.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace freshauth {
namespace {

using nlohmann::json;

VerifyFailure fail(VerifyErrc reason, std::string message) { return {reason, std::move(message)}; }

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

std::optional<double> time_claim(const json& payload, const char* name, bool& malformed) {
  const auto it = payload.find(name);
  if (it == payload.end()) return std::nullopt;
  if (!it->is_number() || !std::isfinite(it->get<double>())) {
    malformed = true;
    return std::nullopt;
  }
  return it->get<double>();
}

std::optional<VerifyFailure> check_time(const json& payload, const VerifierConfig& config,
                                        double now) {
  bool malformed = false;
  const auto exp = time_claim(payload, "exp", malformed);
  const auto nbf = time_claim(payload, "nbf", malformed);
  if (malformed) return fail(VerifyErrc::malformed, "exp or nbf is not a number");
  if (!exp) return fail(VerifyErrc::malformed, "no exp claim");
  const auto leeway = static_cast<double>(config.leeway.count());
  if (*exp + leeway <= now) return fail(VerifyErrc::expired, "token expired");
  if (nbf && *nbf - leeway > now)
    return fail(VerifyErrc::not_yet_valid, "token not valid yet (nbf)");
  return std::nullopt;
}

// `aud` may be one string or an array of strings (RFC 7519 §4.1.3).
bool audience_allowed(const json& aud, const std::vector<std::string>& allowed) {
  if (aud.is_string()) return contains(allowed, aud.get<std::string>());
  if (!aud.is_array()) return false;
  return std::any_of(aud.begin(), aud.end(), [&](const json& one) {
    return one.is_string() && contains(allowed, one.get<std::string>());
  });
}

std::optional<VerifyFailure> check_client(const json& payload, const VerifierConfig& config) {
  if (config.token_use == TokenUse::id) {
    const auto aud = payload.find("aud");
    if (aud == payload.end() || !audience_allowed(*aud, config.client_ids)) {
      return fail(VerifyErrc::wrong_audience, "aud is not an allowed app client");
    }
    return std::nullopt;
  }
  const auto client = payload.find("client_id");
  if (client == payload.end() || !client->is_string() ||
      !contains(config.client_ids, client->get<std::string>())) {
    return fail(VerifyErrc::wrong_audience, "client_id is not an allowed app client");
  }
  return std::nullopt;
}

std::optional<VerifyFailure> check_scopes_and_groups(const json& payload,
                                                     const VerifierConfig& config) {
  if (!config.required_scopes.empty()) {
    std::vector<std::string> granted;
    const auto scope = payload.find("scope");
    if (scope != payload.end() && scope->is_string()) {
      std::istringstream words(scope->get<std::string>());
      for (std::string word; words >> word;) granted.push_back(word);
    }
    for (const auto& required : config.required_scopes) {
      if (!contains(granted, required))
        return fail(VerifyErrc::missing_scope, "scope " + required + " missing");
    }
  }
  if (!config.accepted_groups.empty()) {
    const auto groups = payload.find("cognito:groups");
    const bool member =
        groups != payload.end() && groups->is_array() &&
        std::any_of(groups->begin(), groups->end(), [&](const json& group) {
          return group.is_string() && contains(config.accepted_groups, group.get<std::string>());
        });
    if (!member) return fail(VerifyErrc::missing_scope, "not in an accepted cognito:groups");
  }
  return std::nullopt;
}

}  // namespace

double epoch_seconds(TimePoint t) {
  return std::chrono::duration<double>(t.time_since_epoch()).count();
}

std::optional<VerifyFailure> check_claims(const json& payload, const VerifierConfig& config,
                                          TimePoint now) {
  if (auto failure = check_time(payload, config, epoch_seconds(now))) return failure;
  const auto iss = payload.find("iss");
  if (iss == payload.end() || !iss->is_string() ||
      iss->get_ref<const std::string&>() != config.issuer) {
    return fail(VerifyErrc::wrong_issuer, "iss is not the expected issuer");
  }
  const auto use = payload.find("token_use");
  const char* expected_use = config.token_use == TokenUse::access ? "access" : "id";
  if (use == payload.end() || !use->is_string() ||
      use->get_ref<const std::string&>() != expected_use) {
    return fail(VerifyErrc::wrong_token_use, std::string{"token_use is not "} + expected_use);
  }
  if (auto failure = check_client(payload, config)) return failure;
  return check_scopes_and_groups(payload, config);
}

}  // namespace freshauth
