#include "freshauth/verify/public_key.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <algorithm>

#include "freshauth/core/base64url.h"
#include "prepared_rsa_verifier.h"

namespace freshauth {
namespace {

using nlohmann::json;

constexpr int kMinRsaBits = 2048;
constexpr int kMaxRsaBits = 8192;

Error refuse(const std::string& why) { return Error{Errc::invalid_argument, "JWK: " + why, {}}; }

std::optional<std::string> decoded_member(const json& jwk, const char* name) {
  const auto it = jwk.find(name);
  if (it == jwk.end() || !it->is_string()) return std::nullopt;
  return base64url_decode(it->get_ref<const std::string&>());
}

std::string string_member(const json& jwk, const char* name) {
  const auto it = jwk.find(name);
  return it != jwk.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

struct ParamsDeleter {
  void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
};
struct BuilderDeleter {
  void operator()(OSSL_PARAM_BLD* b) const { OSSL_PARAM_BLD_free(b); }
};
struct BignumDeleter {
  void operator()(BIGNUM* b) const { BN_free(b); }
};
struct ContextDeleter {
  void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
};

std::shared_ptr<EVP_PKEY> key_from_params(const char* type, const OSSL_PARAM* params) {
  std::unique_ptr<EVP_PKEY_CTX, ContextDeleter> ctx(
      EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* key = nullptr;
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, const_cast<OSSL_PARAM*>(params)) !=
          1) {
    return nullptr;
  }
  return {key, EVP_PKEY_free};
}

Result<std::shared_ptr<EVP_PKEY>> rsa_key(const json& jwk) {
  const auto n = decoded_member(jwk, "n");
  const auto e = decoded_member(jwk, "e");
  if (!n || !e || n->empty() || e->empty()) return refuse("RSA key needs n and e");
  if ((*n)[0] == '\0') return refuse("RSA modulus has a leading zero byte");
  const int bits = static_cast<int>(n->size() * 8);
  if (bits < kMinRsaBits || bits > kMaxRsaBits) return refuse("RSA modulus size out of range");
  if (e->size() > 4 || (static_cast<unsigned char>(e->back()) & 1) == 0) {
    return refuse("RSA exponent is not a small odd number");
  }
  auto to_bn = [](const std::string& bytes) {
    return std::unique_ptr<BIGNUM, BignumDeleter>(
        BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()),
                  static_cast<int>(bytes.size()), nullptr));
  };
  auto bn_n = to_bn(*n);
  auto bn_e = to_bn(*e);
  if (BN_is_one(bn_e.get())) return refuse("RSA exponent 1");
  std::unique_ptr<OSSL_PARAM_BLD, BuilderDeleter> builder(OSSL_PARAM_BLD_new());
  if (!builder || !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) ||
      !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get())) {
    return refuse("out of memory");
  }
  std::unique_ptr<OSSL_PARAM, ParamsDeleter> params(OSSL_PARAM_BLD_to_param(builder.get()));
  auto key = params ? key_from_params("RSA", params.get()) : nullptr;
  if (!key) return refuse("OpenSSL refused the RSA key");
  return key;
}

Result<std::shared_ptr<EVP_PKEY>> ec_key(const json& jwk, const std::string& crv) {
  const bool p256 = crv == "P-256";
  if (!p256 && crv != "P-384") return refuse("unsupported curve");
  const std::size_t size = p256 ? 32 : 48;
  const auto x = decoded_member(jwk, "x");
  const auto y = decoded_member(jwk, "y");
  if (!x || !y || x->size() != size || y->size() != size)
    return refuse("EC key needs x and y of the curve's size");
  std::string point = "\x04" + *x + *y;
  std::unique_ptr<OSSL_PARAM_BLD, BuilderDeleter> builder(OSSL_PARAM_BLD_new());
  if (!builder ||
      !OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME,
                                       p256 ? "prime256v1" : "secp384r1", 0) ||
      !OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                        point.size())) {
    return refuse("out of memory");
  }
  std::unique_ptr<OSSL_PARAM, ParamsDeleter> params(OSSL_PARAM_BLD_to_param(builder.get()));
  auto key = params ? key_from_params("EC", params.get()) : nullptr;
  if (!key) return refuse("OpenSSL refused the EC key (point not on the curve?)");
  return key;
}

Result<std::shared_ptr<EVP_PKEY>> okp_key(const json& jwk, const std::string& crv) {
  if (crv != "Ed25519") return refuse("unsupported OKP curve");
  const auto x = decoded_member(jwk, "x");
  if (!x || x->size() != 32) return refuse("Ed25519 key needs a 32-byte x");
  EVP_PKEY* key = EVP_PKEY_new_raw_public_key(
      EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(x->data()), x->size());
  if (!key) return refuse("OpenSSL refused the Ed25519 key");
  return std::shared_ptr<EVP_PKEY>(key, EVP_PKEY_free);
}

// The algorithms a key of this type may sign with; `alg` on the JWK narrows them to one.
std::vector<JwsAlgorithm> algorithms_for(const std::string& kty, const std::string& crv) {
  using enum JwsAlgorithm;
  if (kty == "RSA") return {rs256, rs384, rs512};
  if (kty == "EC" && crv == "P-256") return {es256};
  if (kty == "EC" && crv == "P-384") return {es384};
  if (kty == "OKP" && crv == "Ed25519") return {eddsa};
  return {};
}

}  // namespace

PublicKey::PublicKey(std::string kid, std::vector<JwsAlgorithm> algorithms,
                     std::shared_ptr<EVP_PKEY> key)
    : kid_(std::move(kid)), algorithms_(std::move(algorithms)), key_(std::move(key)) {
  if (EVP_PKEY_is_a(key_.get(), "RSA") == 1) {
    rsa_verifier_ = std::make_shared<detail::PreparedRsaVerifier>(key_.get());
  }
}

bool PublicKey::allows(JwsAlgorithm alg) const {
  return std::find(algorithms_.begin(), algorithms_.end(), alg) != algorithms_.end();
}

Result<PublicKey> PublicKey::from_jwk(const json& jwk) {
  if (!jwk.is_object()) return refuse("not an object");
  const std::string kid = string_member(jwk, "kid");
  if (kid.empty()) return refuse("no kid");
  if (jwk.contains("d")) return refuse("private key material in a public JWKS");
  if (jwk.contains("use") && jwk["use"] != "sig") return refuse("use is not sig");
  const std::string kty = string_member(jwk, "kty");
  const std::string crv = string_member(jwk, "crv");
  auto algorithms = algorithms_for(kty, crv);
  if (algorithms.empty()) return refuse("unsupported key type " + kty + " " + crv);
  if (jwk.contains("alg")) {
    const auto named =
        jwk["alg"].is_string() ? parse_jws_algorithm(jwk["alg"].get<std::string>()) : std::nullopt;
    if (!named || std::find(algorithms.begin(), algorithms.end(), *named) == algorithms.end()) {
      return refuse("alg does not fit the key type");
    }
    algorithms = {*named};
  }
  auto key = kty == "RSA" ? rsa_key(jwk) : kty == "EC" ? ec_key(jwk, crv) : okp_key(jwk, crv);
  if (!key) return key.error();
  return PublicKey(kid, std::move(algorithms), std::move(*key));
}

}  // namespace freshauth
