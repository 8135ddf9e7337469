#include "freshauth/security/signing_key.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <vector>

#include "freshauth/core/base64url.h"
#include "security/signing_contexts.h"

namespace freshauth {
namespace {

Error crypto_error(const std::string& what) {
  return Error{Errc::invalid_argument, "cannot " + what + " (OpenSSL)", {}};
}

std::shared_ptr<EVP_PKEY> own(EVP_PKEY* key) { return {key, EVP_PKEY_free}; }

const char* digest_for(std::string_view alg) {
  if (alg == "RS256" || alg == "ES256") return "SHA256";
  if (alg == "RS384") return "SHA384";
  if (alg == "RS512") return "SHA512";
  return nullptr;
}

std::string encode_header(const std::string& alg, const std::string& kid) {
  return base64url_encode(nlohmann::json{{"alg", alg}, {"kid", kid}, {"typ", "JWT"}}.dump());
}

std::string bignum_param(const EVP_PKEY* key, const char* name, int pad_to = 0) {
  BIGNUM* bn = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &bn) != 1) return {};
  std::string bytes(pad_to > 0 ? pad_to : BN_num_bytes(bn), '\0');
  BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  BN_free(bn);
  return base64url_encode(bytes);
}

// ECDSA signatures come out of OpenSSL DER-encoded; JWS wants r and s as 32 bytes each.
std::optional<std::string> der_to_jose(const std::vector<unsigned char>& der) {
  const unsigned char* cursor = der.data();
  ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &cursor, static_cast<long>(der.size()));
  if (sig == nullptr) return std::nullopt;
  const BIGNUM* r = nullptr;
  const BIGNUM* s = nullptr;
  ECDSA_SIG_get0(sig, &r, &s);
  std::string out(64, '\0');
  BN_bn2binpad(r, reinterpret_cast<unsigned char*>(out.data()), 32);
  BN_bn2binpad(s, reinterpret_cast<unsigned char*>(out.data() + 32), 32);
  ECDSA_SIG_free(sig);
  return out;
}

// Ed25519 hashes inside the signature, so it has no digest step for pooled contexts to share:
// a one-shot EVP_DigestSign with no digest (nullptr) is the way to ask for it.
Result<std::string> sign_ed25519(EVP_PKEY* key, std::string_view signing_input) {
  const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(),
                                                                    EVP_MD_CTX_free);
  std::size_t length = 0;
  const auto* input = reinterpret_cast<const unsigned char*>(signing_input.data());
  if (EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &length, input, signing_input.size()) != 1) {
    return crypto_error("sign");
  }
  std::string signature(length, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length, input,
                     signing_input.size()) != 1) {
    return crypto_error("sign");
  }
  signature.resize(length);
  return signature;
}

}  // namespace

SigningKey::SigningKey(std::shared_ptr<EVP_PKEY> key, std::string kid, std::string alg)
    : key_(std::move(key)),
      kid_(std::move(kid)),
      alg_(std::move(alg)),
      encoded_header_(encode_header(alg_, kid_)),
      contexts_(std::make_shared<detail::SigningContexts>(key_, digest_for(alg_),
                                                          alg_.starts_with("RS"))) {}

Result<SigningKey> SigningKey::generate_rsa(std::string kid, int bits) {
  EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(bits));
  if (key == nullptr) return crypto_error("generate an RSA key");
  return SigningKey{own(key), std::move(kid), "RS256"};
}

Result<SigningKey> SigningKey::generate_ec_p256(std::string kid) {
  EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  if (key == nullptr) return crypto_error("generate a P-256 key");
  return SigningKey{own(key), std::move(kid), "ES256"};
}

Result<SigningKey> SigningKey::generate_ed25519(std::string kid) {
  EVP_PKEY* key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  if (key == nullptr) return crypto_error("generate an Ed25519 key");
  return SigningKey{own(key), std::move(kid), "EdDSA"};
}

Result<SigningKey> SigningKey::from_pem(std::string_view pem, std::string kid, std::string alg) {
  const std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr);
  if (key == nullptr) return crypto_error("read the private key PEM");
  auto owned = own(key);
  const bool is_rsa = EVP_PKEY_is_a(key, "RSA") == 1;
  const bool is_ec = EVP_PKEY_is_a(key, "EC") == 1;
  if (digest_for(alg) == nullptr || (alg.starts_with("RS") && !is_rsa) ||
      (alg == "ES256" && !is_ec)) {
    return Error{Errc::invalid_argument, "algorithm " + alg + " does not fit this key", {}};
  }
  return SigningKey{std::move(owned), std::move(kid), std::move(alg)};
}

std::string SigningKey::private_pem() const {
  const std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  PEM_write_bio_PrivateKey(bio.get(), key_.get(), nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

nlohmann::json SigningKey::public_jwk() const {
  nlohmann::json jwk{{"kid", kid_}, {"alg", alg_}, {"use", "sig"}};
  if (alg_.starts_with("RS")) {
    jwk["kty"] = "RSA";
    jwk["n"] = bignum_param(key_.get(), OSSL_PKEY_PARAM_RSA_N);
    jwk["e"] = bignum_param(key_.get(), OSSL_PKEY_PARAM_RSA_E);
  } else if (alg_ == "EdDSA") {
    std::string raw(32, '\0');
    std::size_t size = raw.size();
    EVP_PKEY_get_raw_public_key(key_.get(), reinterpret_cast<unsigned char*>(raw.data()), &size);
    jwk["kty"] = "OKP";
    jwk["crv"] = "Ed25519";
    jwk["x"] = base64url_encode(raw.substr(0, size));
  } else {
    jwk["kty"] = "EC";
    jwk["crv"] = "P-256";
    jwk["x"] = bignum_param(key_.get(), OSSL_PKEY_PARAM_EC_PUB_X, 32);
    jwk["y"] = bignum_param(key_.get(), OSSL_PKEY_PARAM_EC_PUB_Y, 32);
  }
  return jwk;
}

Result<std::string> SigningKey::sign(std::string_view signing_input) const {
  if (alg_ == "EdDSA") return sign_ed25519(key_.get(), signing_input);
  const auto signature = contexts_->sign(signing_input);
  if (!signature) return crypto_error("sign");
  if (alg_ == "ES256") {
    auto jose = der_to_jose(*signature);
    if (!jose) return crypto_error("encode the ECDSA signature");
    return *jose;
  }
  return std::string(signature->begin(), signature->end());
}

Result<std::string> sign_jwt(const SigningKey& key, const nlohmann::json& payload,
                             const nlohmann::json& extra_header) {
  std::string signing_input;
  if (extra_header.empty()) {
    signing_input = key.encoded_header();
  } else {
    nlohmann::json header = extra_header;
    header["alg"] = key.alg();
    header["kid"] = key.kid();
    if (!header.contains("typ")) header["typ"] = "JWT";
    signing_input = base64url_encode(header.dump());
  }
  signing_input += '.';
  signing_input += base64url_encode(payload.dump());
  auto signature = key.sign(signing_input);
  if (!signature) return signature.error();
  return signing_input + "." + base64url_encode(*signature);
}

}  // namespace freshauth
