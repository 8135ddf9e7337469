#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "freshauth/core/error.h"

using EVP_PKEY = struct evp_pkey_st;

namespace freshauth {

namespace detail {
class SigningContexts;
}

// A private key that signs JWTs: RS256 (RSA), ES256 (P-256) or EdDSA (Ed25519), with the key id
// it is published under. What the embedded server signs with and what tests mint their tokens
// with.
class SigningKey {
 public:
  static Result<SigningKey> generate_rsa(std::string kid, int bits = 2048);
  static Result<SigningKey> generate_ec_p256(std::string kid);
  static Result<SigningKey> generate_ed25519(std::string kid);
  // A PKCS#8 / traditional PEM private key; `alg` must fit the key (RS256/RS384/RS512, ES256).
  static Result<SigningKey> from_pem(std::string_view pem, std::string kid, std::string alg);

  const std::string& kid() const { return kid_; }
  const std::string& alg() const { return alg_; }
  std::string private_pem() const;
  // The public half as a JWK: {"kty","kid","alg","use":"sig", n/e or crv/x(/y)}.
  nlohmann::json public_jwk() const;
  // A signature in JWS form (for ECDSA the fixed-size r||s, not DER). Thread-safe.
  Result<std::string> sign(std::string_view signing_input) const;
  // base64url of the JWS header {"alg","kid","typ":"JWT"}, made once.
  const std::string& encoded_header() const { return encoded_header_; }

 private:
  SigningKey(std::shared_ptr<EVP_PKEY> key, std::string kid, std::string alg);
  std::shared_ptr<EVP_PKEY> key_;
  std::string kid_;
  std::string alg_;
  std::string encoded_header_;
  std::shared_ptr<detail::SigningContexts> contexts_;  // shared by copies of this key
};

// header.payload.signature, with {"alg","kid","typ":"JWT"} merged into `extra_header`.
Result<std::string> sign_jwt(const SigningKey& key, const nlohmann::json& payload,
                             const nlohmann::json& extra_header = nlohmann::json::object());

}  // namespace freshauth
