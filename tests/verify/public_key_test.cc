#include "freshauth/verify/public_key.h"

#include <gtest/gtest.h>

#include "freshauth/core/base64url.h"
#include "freshauth/security/signing_key.h"
#include "freshauth/verify/key_set.h"

namespace freshauth {
namespace {

using nlohmann::json;

TEST(PublicKeyTest, AlgorithmIsPinnedByAlgOrByType) {
  auto rsa = SigningKey::generate_rsa("r").value().public_jwk();
  auto pinned = PublicKey::from_jwk(rsa).value();
  EXPECT_TRUE(pinned.allows(JwsAlgorithm::rs256));
  EXPECT_FALSE(pinned.allows(JwsAlgorithm::rs512));
  rsa.erase("alg");
  auto family = PublicKey::from_jwk(rsa).value();
  EXPECT_TRUE(family.allows(JwsAlgorithm::rs512));
  EXPECT_FALSE(family.allows(JwsAlgorithm::es256));
  auto ec = PublicKey::from_jwk(SigningKey::generate_ec_p256("e").value().public_jwk()).value();
  EXPECT_TRUE(ec.allows(JwsAlgorithm::es256));
  EXPECT_FALSE(ec.allows(JwsAlgorithm::es384));
}

TEST(PublicKeyTest, KeysThatDoNotFitAreRefused) {
  const auto rsa = SigningKey::generate_rsa("r").value().public_jwk();
  const auto ec = SigningKey::generate_ec_p256("e").value().public_jwk();
  auto with = [](json jwk, const char* name, json value) {
    jwk[name] = std::move(value);
    return jwk;
  };
  const std::vector<std::pair<const char*, json>> bad = {
      {"alg of another type", with(rsa, "alg", "ES256")},
      {"HMAC alg", with(rsa, "alg", "HS256")},
      {"encryption key", with(rsa, "use", "enc")},
      {"no kid", with(rsa, "kid", "")},
      {"private part", with(rsa, "d", "AQAB")},
      {"symmetric", json{{"kty", "oct"}, {"kid", "s"}, {"k", "c2VjcmV0"}}},
      {"small modulus", with(rsa, "n", base64url_encode(std::string(128, '\x7f')))},
      {"even exponent", with(rsa, "e", "AQAC")},
      {"bad base64url n", with(rsa, "n", "***")},
      {"unknown curve", with(ec, "crv", "P-521")},
      {"short x", with(ec, "x", base64url_encode(std::string(31, 'a')))},
      {"point off the curve", with(ec, "y", base64url_encode(std::string(32, '\x01')))},
      {"not an object", json::array()},
  };
  for (const auto& [name, jwk] : bad) EXPECT_FALSE(PublicKey::from_jwk(jwk).ok()) << name;
}

TEST(PublicKeyTest, Ed25519KeysLoad) {
  const json jwk = {{"kty", "OKP"},
                    {"crv", "Ed25519"},
                    {"kid", "ed"},
                    {"x", "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}};
  EXPECT_TRUE(PublicKey::from_jwk(jwk).value().allows(JwsAlgorithm::eddsa));
}

TEST(KeySetTest, SkipsUnusableKeysAndAmbiguousKids) {
  const auto a = SigningKey::generate_rsa("a").value().public_jwk();
  const auto b = SigningKey::generate_ec_p256("b").value().public_jwk();
  const auto dup = SigningKey::generate_rsa("b").value().public_jwk();
  const json jwks = {{"keys", {a, b, dup, {{"kty", "oct"}, {"kid", "s"}}}}};
  auto set = KeySet::parse(jwks.dump()).value();
  EXPECT_EQ(set.size(), 1U);
  EXPECT_NE(set.find("a"), nullptr);
  EXPECT_EQ(set.find("b"), nullptr);
  EXPECT_EQ(set.skipped().size(), 2U);
}

TEST(KeySetTest, RefusesDocumentsWithoutUsableKeys) {
  for (const char* text : {"", "[]", "{}", R"({"keys":{}})", R"({"keys":[]})",
                           R"({"keys":[{"kty":"oct"}]})", "{\"keys\":[[[[[[[[[[[[]]]]]]]]]]]]}"}) {
    EXPECT_FALSE(KeySet::parse(text).ok()) << text;
  }
}

}  // namespace
}  // namespace freshauth
