#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "freshauth/core/error.h"
#include "freshauth/verify/jws_algorithm.h"

using EVP_PKEY = struct evp_pkey_st;

namespace freshauth {
namespace detail {
class PreparedRsaVerifier;
}

/// A verification key from a JWKS with the algorithms it may be used with. The algorithms come
/// from the key (its `alg`, else its `kty`/`crv`), never from the token.
class PublicKey {
 public:
  /// One JWK: RSA (n, e; at least 2048 bits), EC (P-256 / P-384, x and y), OKP (Ed25519).
  /// Refuses private keys, `use` other than "sig", and an `alg` that does not fit the key.
  static Result<PublicKey> from_jwk(const nlohmann::json& jwk);

  const std::string& kid() const { return kid_; }
  bool allows(JwsAlgorithm alg) const;
  EVP_PKEY* evp() const { return key_.get(); }
  /// Reusable verify contexts for RSA keys (nullptr for other key types); shared by copies.
  detail::PreparedRsaVerifier* rsa_verifier() const { return rsa_verifier_.get(); }

 private:
  PublicKey(std::string kid, std::vector<JwsAlgorithm> algorithms, std::shared_ptr<EVP_PKEY> key);

  std::string kid_;
  std::vector<JwsAlgorithm> algorithms_;
  std::shared_ptr<EVP_PKEY> key_;
  std::shared_ptr<detail::PreparedRsaVerifier> rsa_verifier_;
};

}  // namespace freshauth
