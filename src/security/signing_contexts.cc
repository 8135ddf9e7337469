#include "security/signing_contexts.h"

#include <openssl/evp.h>
#include <openssl/rsa.h>

#include <array>

namespace freshauth::detail {

SigningContexts::SigningContexts(std::shared_ptr<EVP_PKEY> key, const char* digest_name, bool rsa)
    : key_(std::move(key)),
      md_(digest_name != nullptr ? EVP_MD_fetch(nullptr, digest_name, nullptr) : nullptr),
      rsa_(rsa) {}

SigningContexts::~SigningContexts() {
  for (EVP_PKEY_CTX* ctx : idle_) EVP_PKEY_CTX_free(ctx);
  EVP_MD_free(md_);
}

EVP_PKEY_CTX* SigningContexts::acquire() {
  {
    const std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      EVP_PKEY_CTX* ctx = idle_.back();
      idle_.pop_back();
      return ctx;
    }
  }
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_pkey(nullptr, key_.get(), nullptr);
  if (ctx == nullptr || EVP_PKEY_sign_init(ctx) != 1 ||
      (rsa_ && EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) != 1) ||
      EVP_PKEY_CTX_set_signature_md(ctx, md_) != 1) {
    EVP_PKEY_CTX_free(ctx);
    return nullptr;
  }
  return ctx;
}

void SigningContexts::release(EVP_PKEY_CTX* ctx) {
  {
    const std::lock_guard lock(mutex_);
    if (idle_.size() < kMaxIdle) {
      idle_.push_back(ctx);
      return;
    }
  }
  EVP_PKEY_CTX_free(ctx);
}

std::optional<std::vector<unsigned char>> SigningContexts::sign(std::string_view input) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int digest_size = 0;
  if (md_ == nullptr ||
      EVP_Digest(input.data(), input.size(), digest.data(), &digest_size, md_, nullptr) != 1) {
    return std::nullopt;
  }
  EVP_PKEY_CTX* ctx = acquire();
  if (ctx == nullptr) return std::nullopt;
  std::vector<unsigned char> signature(static_cast<std::size_t>(EVP_PKEY_get_size(key_.get())));
  std::size_t length = signature.size();
  if (EVP_PKEY_sign(ctx, signature.data(), &length, digest.data(), digest_size) != 1) {
    EVP_PKEY_CTX_free(ctx);  // not put back: its state after a failure is OpenSSL's to know
    return std::nullopt;
  }
  release(ctx);
  signature.resize(length);
  return signature;
}

}  // namespace freshauth::detail
