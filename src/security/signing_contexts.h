#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <vector>

using EVP_PKEY = struct evp_pkey_st;
using EVP_PKEY_CTX = struct evp_pkey_ctx_st;
using EVP_MD = struct evp_md_st;

namespace freshauth::detail {

// Signs with OpenSSL contexts that are set up once per key and reused, and a digest fetched once:
// OpenSSL 3 fetches algorithms and builds a context on every EVP_DigestSignInit, work a server
// minting two tokens per refresh would otherwise repeat per token. Thread-safe; each signature
// takes a context of its own from the pool.
class SigningContexts {
 public:
  // `digest_name`: "SHA256", "SHA384" or "SHA512"; `rsa`: PKCS #1 v1.5 padding (else ECDSA).
  SigningContexts(std::shared_ptr<EVP_PKEY> key, const char* digest_name, bool rsa);
  ~SigningContexts();
  SigningContexts(const SigningContexts&) = delete;
  SigningContexts& operator=(const SigningContexts&) = delete;

  // The signature of `input`'s digest (DER for ECDSA), or nullopt when OpenSSL fails.
  std::optional<std::vector<unsigned char>> sign(std::string_view input);

 private:
  static constexpr std::size_t kMaxIdle = 16;
  EVP_PKEY_CTX* acquire();
  void release(EVP_PKEY_CTX* ctx);

  std::shared_ptr<EVP_PKEY> key_;
  EVP_MD* md_;
  bool rsa_;
  std::mutex mutex_;
  std::vector<EVP_PKEY_CTX*> idle_;
};

}  // namespace freshauth::detail
