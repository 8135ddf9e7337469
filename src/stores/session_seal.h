#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "freshauth/core/error.h"
#include "freshauth/core/session.h"
#include "freshauth/stores/encryption_key.h"

// A session sealed for a table store (SQLite rows, Redis records): format byte, nonce, then the
// session's JSON encrypted with XChaCha20-Poly1305 under the store's key, with the record's key
// and creation time as associated data, so a record moved to another key or with its time
// edited does not open.
namespace freshauth::detail {

std::string seal_session(const Session& session, std::string_view key, std::int64_t created_at_ms,
                         const EncryptionKey& encryption_key);
// The error (Errc::storage) says why without quoting the record; `origin` names where it was.
Result<Session> open_session(std::string_view sealed, std::string_view key,
                             std::int64_t created_at_ms, const EncryptionKey& encryption_key,
                             const std::string& origin);

}  // namespace freshauth::detail
