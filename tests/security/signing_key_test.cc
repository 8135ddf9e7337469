#include "freshauth/security/signing_key.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include "freshauth/core/base64url.h"
#include "freshauth/core/token_claims.h"

namespace freshauth {
namespace {

TEST(SigningKeyTest, RsaJwtCarriesClaimsAndHeader) {
  auto key = SigningKey::generate_rsa("k1").value();
  auto jwt = sign_jwt(key, {{"sub", "alice"}, {"exp", 2000}}).value();
  auto claims = decode_claims(jwt).value();
  EXPECT_EQ(claims.payload["sub"], "alice");
  const auto header = nlohmann::json::parse(*base64url_decode(jwt.substr(0, jwt.find('.'))));
  EXPECT_EQ(header["alg"], "RS256");
  EXPECT_EQ(header["kid"], "k1");
  EXPECT_EQ(base64url_decode(jwt.substr(jwt.rfind('.') + 1))->size(), 256U);
}

TEST(SigningKeyTest, PublicJwkHasTheRightShape) {
  auto rsa = SigningKey::generate_rsa("r").value().public_jwk();
  EXPECT_EQ(rsa["kty"], "RSA");
  EXPECT_EQ(rsa["e"], "AQAB");
  EXPECT_EQ(base64url_decode(rsa["n"].get<std::string>())->size(), 256U);
  auto ec = SigningKey::generate_ec_p256("e").value().public_jwk();
  EXPECT_EQ(ec["kty"], "EC");
  EXPECT_EQ(ec["crv"], "P-256");
  EXPECT_EQ(base64url_decode(ec["x"].get<std::string>())->size(), 32U);
  EXPECT_FALSE(ec.contains("d")) << "never the private part";
}

TEST(SigningKeyTest, EcSignatureIsFixedSizeJose) {
  auto key = SigningKey::generate_ec_p256("e").value();
  for (int i = 0; i < 20; ++i) EXPECT_EQ(key.sign("data " + std::to_string(i))->size(), 64U);
}

TEST(SigningKeyTest, Ed25519KeySignsEdDsa) {
  auto key = SigningKey::generate_ed25519("ed").value();
  EXPECT_EQ(key.alg(), "EdDSA");
  const auto jwk = key.public_jwk();
  EXPECT_EQ(jwk["kty"], "OKP");
  EXPECT_EQ(jwk["crv"], "Ed25519");
  const auto x = base64url_decode(jwk["x"].get<std::string>()).value();
  ASSERT_EQ(x.size(), 32U);
  const auto signature = key.sign("data").value();
  ASSERT_EQ(signature.size(), 64U);
  EVP_PKEY* raw = EVP_PKEY_new_raw_public_key(
      EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(x.data()), x.size());
  ASSERT_NE(raw, nullptr);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ASSERT_EQ(EVP_DigestVerifyInit(ctx, nullptr, nullptr, nullptr, raw), 1);
  EXPECT_EQ(EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(signature.data()),
                             signature.size(), reinterpret_cast<const unsigned char*>("data"), 4),
            1)
      << "the published x verifies the signature";
  EVP_MD_CTX_free(ctx);
  EVP_PKEY_free(raw);
}

TEST(SigningKeyTest, PemRoundTripAndAlgorithmMismatch) {
  auto key = SigningKey::generate_rsa("k").value();
  auto again = SigningKey::from_pem(key.private_pem(), "k", "RS256").value();
  EXPECT_EQ(again.public_jwk(), key.public_jwk());
  EXPECT_EQ(SigningKey::from_pem(key.private_pem(), "k", "ES256").error().code,
            Errc::invalid_argument);
  EXPECT_FALSE(SigningKey::from_pem("not a pem", "k", "RS256").ok());
}

}  // namespace
}  // namespace freshauth
