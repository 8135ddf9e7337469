#include "stores/session_seal.h"

#include <sodium.h>

#include "stores/session_json.h"

namespace freshauth::detail {
namespace {

constexpr unsigned char kFormat = 1;
constexpr std::size_t kNonceSize = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr std::size_t kHeader = 1 + kNonceSize;
constexpr std::size_t kTagSize = crypto_aead_xchacha20poly1305_ietf_ABYTES;

std::string associated_data(std::string_view key, std::int64_t created_at_ms) {
  std::string data = "freshauth table session v1";
  data.push_back('\0');
  data += key;
  data.push_back('\0');
  data += std::to_string(created_at_ms);
  return data;
}

const unsigned char* bytes(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

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

Error unusable(const std::string& origin, const std::string& why) {
  return Error{Errc::storage, "a session in " + origin + " was skipped: " + why, {}};
}

}  // namespace

std::string seal_session(const Session& session, std::string_view key, std::int64_t created_at_ms,
                         const EncryptionKey& encryption_key) {
  Wiped plain{session_to_json(session)};
  const std::string data = associated_data(key, created_at_ms);
  std::string sealed(kHeader + plain.get().size() + kTagSize, '\0');
  auto* out = reinterpret_cast<unsigned char*>(sealed.data());
  out[0] = kFormat;
  randombytes_buf(out + 1, kNonceSize);
  unsigned long long sealed_size = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(out + kHeader, &sealed_size, bytes(plain.get()),
                                             plain.get().size(), bytes(data), data.size(), nullptr,
                                             out + 1, encryption_key.data());
  sealed.resize(kHeader + sealed_size);
  return sealed;
}

Result<Session> open_session(std::string_view sealed, std::string_view key,
                             std::int64_t created_at_ms, const EncryptionKey& encryption_key,
                             const std::string& origin) {
  if (sealed.size() < kHeader + kTagSize || bytes(sealed)[0] != kFormat) {
    return unusable(origin,
                    "not a sealed session (truncated, or written by another version of freshauth)");
  }
  const std::string data = associated_data(key, created_at_ms);
  Wiped plain{std::string(sealed.size() - kHeader - kTagSize, '\0')};
  unsigned long long plain_size = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plain.get().data()), &plain_size, nullptr,
          bytes(sealed) + kHeader, sealed.size() - kHeader, bytes(data), data.size(),
          bytes(sealed) + 1, encryption_key.data()) != 0) {
    return unusable(origin, "it does not decrypt with the key from " + encryption_key.origin() +
                                " (another key, or the record was modified or moved to another "
                                "key)");
  }
  auto session = session_from_json(std::string_view{plain.get()}.substr(0, plain_size),
                                   origin + " (a session table record)");
  if (!session) return unusable(origin, session.error().message);
  return session;
}

}  // namespace freshauth::detail
