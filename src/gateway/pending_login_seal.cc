#include "gateway/pending_login_seal.h"

#include <sodium.h>

#include <array>
#include <chrono>
#include <cstdlib>
#include <nlohmann/json.hpp>

namespace freshauth::gateway {
namespace {

constexpr unsigned char kFormat = 1;
constexpr std::size_t kNonceSize = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kHeader = 1 + kNonceSize;
constexpr std::size_t kTagSize = crypto_aead_xchacha20poly1305_ietf_ABYTES;
// crypto_kdf's context: eight bytes naming what the derived key is for.
constexpr std::array<char, crypto_kdf_CONTEXTBYTES> kKeyContext{'p', 'e', 'n', 'd',
                                                                'l', 'g', 'i', 'n'};
constexpr std::uint64_t kKeyId = 1;

static_assert(EncryptionKey::kSize == crypto_kdf_KEYBYTES);
static_assert(EncryptionKey::kSize == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);

const unsigned char* bytes(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

std::string associated_data(std::string_view stored_under) {
  std::string data = "freshauth pending login v1";
  data.push_back('\0');
  data += stored_under;
  return data;
}

// The plaintext never outlives its use.
class Wiped {
 public:
  explicit Wiped(std::string text) : text_(std::move(text)) {}
  ~Wiped() { sodium_memzero(text_.data(), text_.size()); }
  Wiped(const Wiped&) = delete;
  Wiped& operator=(const Wiped&) = delete;
  std::string& get() { return text_; }

 private:
  std::string text_;
};

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
  Wiped plain{nlohmann::json{{"verifier", login.code_verifier},
                             {"nonce", login.nonce},
                             {"return_to", login.return_to},
                             {"binding", login.browser_binding},
                             {"started_at_ms", epoch_ms(login.started_at)}}
                  .dump()};
  const std::string data = associated_data(stored_under);
  std::string sealed(kHeader + plain.get().size() + kTagSize, '\0');
  auto* out = reinterpret_cast<unsigned char*>(sealed.data());
  out[0] = kFormat;
  randombytes_buf(out + 1, kNonceSize);
  unsigned long long sealed_size = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(out + kHeader, &sealed_size, bytes(plain.get()),
                                             plain.get().size(), bytes(data), data.size(), nullptr,
                                             out + 1, key_.data());
  sealed.resize(kHeader + sealed_size);
  return sealed;
}

std::optional<PendingLogin> PendingLoginSeal::open(std::string_view sealed,
                                                   std::string_view stored_under) const {
  if (sealed.size() < kHeader + kTagSize || bytes(sealed)[0] != kFormat) return std::nullopt;
  const std::string data = associated_data(stored_under);
  Wiped plain{std::string(sealed.size() - kHeader - kTagSize, '\0')};
  unsigned long long plain_size = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plain.get().data()), &plain_size, nullptr,
          bytes(sealed) + kHeader, sealed.size() - kHeader, bytes(data), data.size(),
          bytes(sealed) + 1, key_.data()) != 0) {
    return std::nullopt;
  }
  return from_json(std::string_view{plain.get()}.substr(0, plain_size));
}

}  // namespace freshauth::gateway
