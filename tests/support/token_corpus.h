#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "freshauth/core/clock.h"
#include "freshauth/security/signing_key.h"
#include "freshauth/verify/verifier_config.h"
#include "freshauth/verify/verify_failure.h"

namespace freshauth::testing {

inline constexpr const char* kIssuer =
    "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_TestPool";
inline constexpr const char* kUserPoolId = "us-east-1_TestPool";
inline constexpr const char* kClientId = "client-a";

// One token of the corpus, the configuration it is checked against and the expected verdict.
struct CorpusCase {
  std::string name;
  std::string token;
  VerifierConfig config;
  std::optional<VerifyErrc> expected;  // nullopt: accepted
  bool rsa_only = true;                // false: uses an algorithm aws-jwt-verify 4 does not support
  // We refuse what aws-jwt-verify accepts, on purpose (size cap, missing exp, crit, deep nesting,
  // a claim named twice).
  bool stricter_than_aws = false;
};

// Keys "rsa-1" (RS256), "rsa-2" (RS256) and "ec-1" (ES256), and tokens minted with them.
class TokenCorpus {
 public:
  explicit TokenCorpus(TimePoint now);

  const SigningKey& rsa1() const { return rsa1_; }
  const SigningKey& rsa2() const { return rsa2_; }
  const SigningKey& ec1() const { return ec1_; }
  nlohmann::json jwks() const;
  // Claims of a valid access token at `now` for kClientId, with `changes` merged in (null erases).
  nlohmann::json access_claims(const nlohmann::json& changes = nlohmann::json::object()) const;
  nlohmann::json id_claims(const nlohmann::json& changes = nlohmann::json::object()) const;
  static VerifierConfig config(TokenUse use = TokenUse::access);
  std::vector<CorpusCase> cases() const;

 private:
  TimePoint now_;
  SigningKey rsa1_;
  SigningKey rsa2_;
  SigningKey ec1_;
};

// header.payload signed by `key` with its algorithm, header and payload given as raw text.
std::string sign_raw(const SigningKey& key, const std::string& header_json,
                     const std::string& payload_json);

}  // namespace freshauth::testing
