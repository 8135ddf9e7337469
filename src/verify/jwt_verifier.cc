#include "freshauth/verify/jwt_verifier.h"

#include "claims_check.h"
#include "compact_jwt.h"
#include "signature.h"

namespace freshauth {
namespace {

VerifyFailure fail(VerifyErrc reason, std::string message) { return {reason, std::move(message)}; }

// Header rules that need no key: a known asymmetric alg, a kid, and no critical extension
// (we implement none, so RFC 7515 §4.1.11 says refuse).
std::variant<JwsAlgorithm, VerifyFailure> check_header(const JoseHeader& header) {
  if (!header.alg || header.alg->kind != JsonKind::string)
    return fail(VerifyErrc::malformed, "no alg");
  const std::string alg_name = json_string(*header.alg);
  const auto alg = parse_jws_algorithm(alg_name);
  if (!alg) return fail(VerifyErrc::unsupported_algorithm, "alg " + alg_name + " refused");
  if (header.crit) return fail(VerifyErrc::malformed, "unsupported critical header");
  if (!header.kid || header.kid->kind != JsonKind::string || header.kid->text.empty()) {
    return fail(VerifyErrc::malformed, "no kid");
  }
  return *alg;
}

}  // namespace

JwtVerifier::JwtVerifier(VerifierConfig config, std::shared_ptr<KeySource> keys, const Clock& clock)
    : config_(std::move(config)), keys_(std::move(keys)), clock_(clock) {}

VerifyResult JwtVerifier::verify(std::string_view token) {
  if (token.size() > config_.max_token_bytes) return fail(VerifyErrc::malformed, "token too large");
  DecodeBuffer buffer;
  auto decoded = decode_compact_jwt(token, config_.max_json_depth, buffer);
  if (auto* failure = std::get_if<VerifyFailure>(&decoded)) return std::move(*failure);
  const auto& jwt = std::get<CompactJwt>(decoded);

  const auto alg = check_header(jwt.header);
  if (const auto* failure = std::get_if<VerifyFailure>(&alg)) return *failure;
  const auto algorithm = std::get<JwsAlgorithm>(alg);

  std::string unescaped_kid;
  std::string_view kid = jwt.header.kid->text;
  if (jwt.header.kid->escaped) kid = unescaped_kid = json_string(*jwt.header.kid);
  const auto lookup = keys_->find(kid);
  if (const auto* failure = std::get_if<VerifyFailure>(&lookup)) return *failure;
  const auto& key = *std::get<std::shared_ptr<const PublicKey>>(lookup);
  if (!key.allows(algorithm)) {
    return fail(VerifyErrc::unsupported_algorithm,
                "alg " + std::string{to_string(algorithm)} + " not allowed for this key");
  }
  if (!signature_matches(key, algorithm, jwt.signing_input, jwt.signature)) {
    return fail(VerifyErrc::bad_signature, "signature does not match");
  }

  if (auto failure = check_claims(jwt.claims, config_, clock_.now())) return std::move(*failure);
  return VerifiedToken{VerifiedClaims::parse_on_first_read(std::string{jwt.payload_json}),
                       *json_number(*jwt.claims.exp)};
}

}  // namespace freshauth
