#include "prepared_rsa_verifier.h"

#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <array>
#include <optional>

namespace freshauth::detail {
namespace {

std::optional<std::size_t> slot_for(JwsAlgorithm alg) {
  switch (alg) {
    case JwsAlgorithm::rs256:
      return 0;
    case JwsAlgorithm::rs384:
      return 1;
    case JwsAlgorithm::rs512:
      return 2;
    default:
      return std::nullopt;
  }
}

// Fetched once per process: EVP_sha256() and friends are looked up again on every use.
const EVP_MD* digest_for_slot(std::size_t slot) {
  static const std::array<EVP_MD*, 3> digests{EVP_MD_fetch(nullptr, "SHA256", nullptr),
                                              EVP_MD_fetch(nullptr, "SHA384", nullptr),
                                              EVP_MD_fetch(nullptr, "SHA512", nullptr)};
  return digests.at(slot);
}

}  // namespace

PreparedRsaVerifier::~PreparedRsaVerifier() {
  for (auto& contexts : idle_) {
    for (EVP_PKEY_CTX* ctx : contexts) EVP_PKEY_CTX_free(ctx);
  }
}

EVP_PKEY_CTX* PreparedRsaVerifier::acquire(std::size_t slot) {
  {
    const std::lock_guard lock(mutex_);
    if (!idle_[slot].empty()) {
      EVP_PKEY_CTX* ctx = idle_[slot].back();
      idle_[slot].pop_back();
      return ctx;
    }
  }
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_pkey(nullptr, key_, nullptr);
  if (ctx == nullptr || EVP_PKEY_verify_init(ctx) != 1 ||
      EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) != 1 ||
      EVP_PKEY_CTX_set_signature_md(ctx, digest_for_slot(slot)) != 1) {
    EVP_PKEY_CTX_free(ctx);
    return nullptr;
  }
  return ctx;
}

void PreparedRsaVerifier::release(std::size_t slot, EVP_PKEY_CTX* ctx) {
  {
    const std::lock_guard lock(mutex_);
    if (idle_[slot].size() < kMaxIdle) {
      idle_[slot].push_back(ctx);
      return;
    }
  }
  EVP_PKEY_CTX_free(ctx);
}

bool PreparedRsaVerifier::verify(JwsAlgorithm alg, std::string_view signing_input,
                                 std::string_view signature) {
  const auto slot = slot_for(alg);
  if (!slot) return false;
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int digest_size = 0;
  if (EVP_Digest(signing_input.data(), signing_input.size(), digest.data(), &digest_size,
                 digest_for_slot(*slot), nullptr) != 1) {
    return false;
  }
  EVP_PKEY_CTX* ctx = acquire(*slot);
  if (ctx == nullptr) return false;
  const bool matches =
      EVP_PKEY_verify(ctx, reinterpret_cast<const unsigned char*>(signature.data()),
                      signature.size(), digest.data(), digest_size) == 1;
  release(*slot, ctx);
  return matches;
}

}  // namespace freshauth::detail
