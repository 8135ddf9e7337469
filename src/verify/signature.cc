#include "signature.h"

#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>

#include <memory>
#include <vector>

#include "prepared_rsa_verifier.h"

namespace freshauth {
namespace {

struct DigestContextDeleter {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

const EVP_MD* digest_for(JwsAlgorithm alg) {
  switch (alg) {
    case JwsAlgorithm::rs256:
    case JwsAlgorithm::es256:
      return EVP_sha256();
    case JwsAlgorithm::rs384:
    case JwsAlgorithm::es384:
      return EVP_sha384();
    case JwsAlgorithm::rs512:
      return EVP_sha512();
    case JwsAlgorithm::eddsa:
      return nullptr;
  }
  return nullptr;
}

// JWS carries ECDSA signatures as fixed-size r||s; OpenSSL verifies DER.
std::optional<std::vector<unsigned char>> jose_to_der(std::string_view signature,
                                                      std::size_t half) {
  if (signature.size() != 2 * half) return std::nullopt;
  const auto* bytes = reinterpret_cast<const unsigned char*>(signature.data());
  ECDSA_SIG* sig = ECDSA_SIG_new();
  BIGNUM* r = BN_bin2bn(bytes, static_cast<int>(half), nullptr);
  BIGNUM* s = BN_bin2bn(bytes + half, static_cast<int>(half), nullptr);
  if (!sig || !r || !s || ECDSA_SIG_set0(sig, r, s) != 1) {
    BN_free(r);
    BN_free(s);
    ECDSA_SIG_free(sig);
    return std::nullopt;
  }
  unsigned char* der = nullptr;
  const int length = i2d_ECDSA_SIG(sig, &der);
  ECDSA_SIG_free(sig);
  if (length <= 0) return std::nullopt;
  std::vector<unsigned char> out(der, der + length);
  OPENSSL_free(der);
  return out;
}

bool digest_verify(EVP_PKEY* key, const EVP_MD* md, std::string_view input,
                   const unsigned char* sig, std::size_t sig_size) {
  std::unique_ptr<EVP_MD_CTX, DigestContextDeleter> ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, md, nullptr, key) != 1) return false;
  return EVP_DigestVerify(ctx.get(), sig, sig_size,
                          reinterpret_cast<const unsigned char*>(input.data()), input.size()) == 1;
}

}  // namespace

bool signature_matches(const PublicKey& key, JwsAlgorithm alg, std::string_view signing_input,
                       std::string_view signature) {
  const EVP_MD* md = digest_for(alg);
  if (alg == JwsAlgorithm::es256 || alg == JwsAlgorithm::es384) {
    const auto der = jose_to_der(signature, alg == JwsAlgorithm::es256 ? 32 : 48);
    return der && digest_verify(key.evp(), md, signing_input, der->data(), der->size());
  }
  if (alg != JwsAlgorithm::eddsa &&
      signature.size() != static_cast<std::size_t>(EVP_PKEY_get_size(key.evp()))) {
    return false;
  }
  if (auto* rsa = key.rsa_verifier(); rsa != nullptr && alg != JwsAlgorithm::eddsa) {
    return rsa->verify(alg, signing_input, signature);
  }
  return digest_verify(key.evp(), md, signing_input,
                       reinterpret_cast<const unsigned char*>(signature.data()), signature.size());
}

}  // namespace freshauth
