// Signatures made through the pooled contexts verify with OpenSSL's own one-shot verify, one by
// one and from threads sharing one key (and its pool of contexts).
#include "security/signing_contexts.h"

#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "freshauth/core/base64url.h"
#include "freshauth/security/signing_key.h"

namespace freshauth {
namespace {

// The key read back from its PEM: a separate EVP_PKEY, so verifying does not use the pool.
std::shared_ptr<EVP_PKEY> key_from_pem(const SigningKey& key) {
  const std::string pem = key.private_pem();
  const std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  return {PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr), EVP_PKEY_free};
}

bool verifies(EVP_PKEY* key, const std::string& input, const std::string& signature) {
  const std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(),
                                                                    EVP_MD_CTX_free);
  return EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) == 1 &&
         EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                          signature.size(), reinterpret_cast<const unsigned char*>(input.data()),
                          input.size()) == 1;
}

TEST(SigningContextsTest, RsaSignaturesVerifyAndDifferPerInput) {
  const auto key = SigningKey::generate_rsa("k").value();
  const auto pkey = key_from_pem(key);
  std::string previous;
  for (int i = 0; i < 5; ++i) {
    const std::string input = "header.payload" + std::to_string(i);
    const auto signature = key.sign(input);
    ASSERT_TRUE(signature.ok());
    EXPECT_EQ(signature->size(), 256U);
    EXPECT_TRUE(verifies(pkey.get(), input, *signature));
    EXPECT_FALSE(verifies(pkey.get(), input + "x", *signature));
    EXPECT_NE(*signature, previous);
    previous = *signature;
  }
}

TEST(SigningContextsTest, ThreadsSharingOneKeyAllGetValidSignatures) {
  const auto key = SigningKey::generate_rsa("k").value();
  const auto copy = key;  // copies share the pool
  const auto pkey = key_from_pem(key);
  std::atomic<int> valid{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        const std::string input = "thread " + std::to_string(t) + " token " + std::to_string(i);
        const auto signature = (i % 2 == 0 ? key : copy).sign(input);
        if (signature.ok() && verifies(pkey.get(), input, *signature)) ++valid;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(valid.load(), 40);
}

TEST(SigningContextsTest, EcdsaSignsThroughTheSamePool) {
  const auto key = SigningKey::generate_ec_p256("e").value();
  const auto pkey = key_from_pem(key);
  detail::SigningContexts contexts{pkey, "SHA256", false};
  const auto der = contexts.sign("input");
  ASSERT_TRUE(der.has_value());
  EXPECT_TRUE(verifies(pkey.get(), "input", std::string(der->begin(), der->end())));
  EXPECT_FALSE(detail::SigningContexts(pkey, nullptr, false).sign("input").has_value())
      << "no digest, no signature";
}

TEST(SigningContextsTest, SignJwtHeaderIsTheCachedOneOrTheExtraOne) {
  const auto key = SigningKey::generate_rsa("kid-1").value();
  const auto plain = sign_jwt(key, {{"sub", "a"}}).value();
  EXPECT_EQ(plain.substr(0, plain.find('.')), key.encoded_header());
  EXPECT_EQ(nlohmann::json::parse(*base64url_decode(key.encoded_header())),
            (nlohmann::json{{"alg", "RS256"}, {"kid", "kid-1"}, {"typ", "JWT"}}));
  const auto typed = sign_jwt(key, {{"sub", "a"}}, {{"typ", "at+jwt"}}).value();
  const auto header = nlohmann::json::parse(*base64url_decode(typed.substr(0, typed.find('.'))));
  EXPECT_EQ(header["typ"], "at+jwt");
  EXPECT_EQ(header["kid"], "kid-1");
  const auto pkey = key_from_pem(key);
  const auto dot = typed.rfind('.');
  EXPECT_TRUE(verifies(pkey.get(), typed.substr(0, dot), *base64url_decode(typed.substr(dot + 1))));
}

}  // namespace
}  // namespace freshauth
