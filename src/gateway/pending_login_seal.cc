#include "gateway/pending_login_seal.h"

#include <sodium.h>

#include <array>
#include <chrono>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "freshauth/security/aead_seal.h"
#include "freshauth/security/wiped_string.h"

namespace freshauth::gateway {
namespace {

// crypto_kdf's context: eight bytes naming what the derived key is for.
constexpr std::array<char, crypto_kdf_CONTEXTBYTES> kKeyContext{'p', 'e', 'n', 'd',
                                                                'l', 'g', 'i', 'n'};
constexpr std::uint64_t kKeyId = 1;

static_assert(EncryptionKey::kSize == crypto_kdf_KEYBYTES);
static_assert(EncryptionKey::kSize == kAeadKeySize);

std::string associated_data(std::string_view stored_under) {
  std::string data = "freshauth pending login v1";
  data.push_back('\0');
  data += stored_under;
  return data;
}

std::int64_t epoch_ms(TimePoint time) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

std::optional<PendingLogin> from_json(std::string_view text) {
  const auto json = nlohmann::json::parse(text, nullptr, false);
  if (!json.is_object()) return std::nullopt;
  const auto text_at = [&](const char* name) -> const std::string* {
    const auto found = json.find(name);
    return found != json.end() && found->is_string() ? found->get_ptr<const std::string*>()
                                                     : nullptr;
  };
  const auto* verifier = text_at("verifier");
  const auto* nonce = text_at("nonce");
  const auto* return_to = text_at("return_to");
  const auto* binding = text_at("binding");
  const auto started = json.find("started_at_ms");
  if (verifier == nullptr || nonce == nullptr || return_to == nullptr || binding == nullptr ||
      started == json.end() || !started->is_number_integer()) {
    return std::nullopt;
  }
  return PendingLogin{*verifier, *nonce, *return_to, *binding,
                      TimePoint{std::chrono::duration_cast<Duration>(
                          std::chrono::milliseconds{started->get<std::int64_t>()})}};
}

}  // namespace

PendingLoginSeal::PendingLoginSeal(const EncryptionKey& session_key) {
  if (sodium_init() < 0) std::abort();  // only fails without a source of randomness
  crypto_kdf_derive_from_key(key_.data(), key_.size(), kKeyId, kKeyContext.data(),
                             session_key.data());
}

PendingLoginSeal::~PendingLoginSeal() { sodium_memzero(key_.data(), key_.size()); }

std::string PendingLoginSeal::seal(const PendingLogin& login, std::string_view stored_under) const {
  // The plaintext never outlives its use.
  const WipedString plain{nlohmann::json{{"verifier", login.code_verifier},
                                         {"nonce", login.nonce},
                                         {"return_to", login.return_to},
                                         {"binding", login.browser_binding},
                                         {"started_at_ms", epoch_ms(login.started_at)}}
                              .dump()};
  return aead_seal(key_, plain.view(), associated_data(stored_under));
}

std::optional<PendingLogin> PendingLoginSeal::open(std::string_view sealed,
                                                   std::string_view stored_under) const {
  const auto plain = aead_open(key_, sealed, associated_data(stored_under));
  if (!plain) return std::nullopt;
  return from_json(plain->view());
}

}  // namespace freshauth::gateway
