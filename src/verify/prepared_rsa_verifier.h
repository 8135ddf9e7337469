#pragma once

#include <mutex>
#include <string_view>
#include <vector>

#include "freshauth/verify/jws_algorithm.h"

using EVP_PKEY = struct evp_pkey_st;
using EVP_PKEY_CTX = struct evp_pkey_ctx_st;

namespace freshauth::detail {

// RS256/384/512 verification with OpenSSL contexts that are initialised once and reused:
// OpenSSL 3 spends about a third of an RSA-2048 verify on setting a context up (fetching
// algorithms, building the context), which a busy verifier would otherwise pay per token.
class PreparedRsaVerifier {
 public:
  explicit PreparedRsaVerifier(EVP_PKEY* key) : key_(key) {}  // the key outlives this
  ~PreparedRsaVerifier();
  PreparedRsaVerifier(const PreparedRsaVerifier&) = delete;
  PreparedRsaVerifier& operator=(const PreparedRsaVerifier&) = delete;

  bool verify(JwsAlgorithm alg, std::string_view signing_input, std::string_view signature);

 private:
  static constexpr std::size_t kAlgorithms = 3;  // RS256, RS384, RS512
  static constexpr std::size_t kMaxIdle = 16;
  EVP_PKEY_CTX* acquire(std::size_t slot);
  void release(std::size_t slot, EVP_PKEY_CTX* ctx);

  EVP_PKEY* key_;
  std::mutex mutex_;
  std::vector<EVP_PKEY_CTX*> idle_[kAlgorithms];
};

}  // namespace freshauth::detail
