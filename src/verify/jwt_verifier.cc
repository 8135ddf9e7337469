#include "freshauth/verify/jwt_verifier.h"

#include "claims_check.h"
#include "compact_jwt.h"
#include "signature.h"

namespace freshauth {
namespace {

VerifyFailure fail(VerifyErrc reason, std::string message) { return {reason, std::move(message)}; }

// Header rules that need no key: a known asymmetric alg, a kid, and no critical extension
// (we implement none, so RFC 7515 §4.1.11 says refuse).
std::variant<JwsAlgorithm, VerifyFailure> check_header(const nlohmann::json& header) {
  const auto alg_member = header.find("alg");
  if (alg_member == header.end() || !alg_member->is_string())
    return fail(VerifyErrc::malformed, "no alg");
  const auto alg = parse_jws_algorithm(alg_member->get_ref<const std::string&>());
  if (!alg)
    return fail(VerifyErrc::unsupported_algorithm,
                "alg " + alg_member->get<std::string>() + " refused");
  if (header.contains("crit")) return fail(VerifyErrc::malformed, "unsupported critical header");
  const auto kid = header.find("kid");
  if (kid == header.end() || !kid->is_string() || kid->get_ref<const std::string&>().empty()) {
    return fail(VerifyErrc::malformed, "no kid");
  }
  return *alg;
}

}  // namespace

JwtVerifier::JwtVerifier(VerifierConfig config, std::shared_ptr<KeySource> keys, const Clock& clock)
    : config_(std::move(config)), keys_(std::move(keys)), clock_(clock) {}

VerifyResult JwtVerifier::verify(std::string_view token) {
  if (token.size() > config_.max_token_bytes) return fail(VerifyErrc::malformed, "token too large");
  auto decoded = decode_compact_jwt(token, config_.max_json_depth);
  if (auto* failure = std::get_if<VerifyFailure>(&decoded)) return std::move(*failure);
  auto& jwt = std::get<CompactJwt>(decoded);

  const auto alg = check_header(jwt.header);
  if (const auto* failure = std::get_if<VerifyFailure>(&alg)) return *failure;
  const auto algorithm = std::get<JwsAlgorithm>(alg);

  const auto lookup = keys_->find(jwt.header["kid"].get_ref<const std::string&>());
  if (const auto* failure = std::get_if<VerifyFailure>(&lookup)) return *failure;
  const auto& key = *std::get<std::shared_ptr<const PublicKey>>(lookup);
  if (!key.allows(algorithm)) {
    return fail(VerifyErrc::unsupported_algorithm,
                "alg " + std::string{to_string(algorithm)} + " not allowed for this key");
  }
  if (!signature_matches(key, algorithm, jwt.signing_input, jwt.signature)) {
    return fail(VerifyErrc::bad_signature, "signature does not match");
  }

  if (auto failure = check_claims(jwt.payload, config_, clock_.now())) return std::move(*failure);
  const double exp = jwt.payload["exp"].get<double>();
  return VerifiedToken{std::make_shared<const nlohmann::json>(std::move(jwt.payload)), exp};
}

}  // namespace freshauth
