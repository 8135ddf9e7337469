#include "stores/session_seal.h"

#include "freshauth/security/aead_seal.h"
#include "freshauth/security/wiped_string.h"
#include "stores/session_json.h"

namespace freshauth::detail {
namespace {

static_assert(EncryptionKey::kSize == kAeadKeySize);

AeadKey aead_key(const EncryptionKey& key) { return AeadKey{key.data(), kAeadKeySize}; }

std::string associated_data(std::string_view key, std::int64_t created_at_ms) {
  std::string data = "freshauth table session v1";
  data.push_back('\0');
  data += key;
  data.push_back('\0');
  data += std::to_string(created_at_ms);
  return data;
}

Error unusable(const std::string& origin, const std::string& why) {
  return Error{Errc::storage, "a session in " + origin + " was skipped: " + why, {}};
}

}  // namespace

std::string seal_session(const Session& session, std::string_view key, std::int64_t created_at_ms,
                         const EncryptionKey& encryption_key) {
  const WipedString plain{session_to_json(session)};
  return aead_seal(aead_key(encryption_key), plain.view(), associated_data(key, created_at_ms));
}

Result<Session> open_session(std::string_view sealed, std::string_view key,
                             std::int64_t created_at_ms, const EncryptionKey& encryption_key,
                             const std::string& origin) {
  const auto plain =
      aead_open(aead_key(encryption_key), sealed, associated_data(key, created_at_ms));
  if (!plain && plain.error() == AeadOpenFailure::malformed) {
    return unusable(origin,
                    "not a sealed session (truncated, or written by another version of freshauth)");
  }
  if (!plain) {
    return unusable(origin, "it does not decrypt with the key from " + encryption_key.origin() +
                                " (another key, or the record was modified or moved to another "
                                "key)");
  }
  auto session = session_from_json(plain->view(), origin + " (a session table record)");
  if (!session) return unusable(origin, session.error().message);
  return session;
}

}  // namespace freshauth::detail
