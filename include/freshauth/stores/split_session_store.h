#pragma once

#include <memory>
#include <string>

#include "freshauth/core/session_store.h"
#include "freshauth/stores/secret_store.h"

namespace freshauth {

/// A session split in two: everything but the refresh token in `cache` (typically a
/// FileSessionStore), the refresh token in `secrets` under `secret_name`.
///
/// Order of writes, chosen so that a crash between the two steps never leaves a cached session
/// whose refresh token is gone:
///  - save(): secret first, then cache. A crash in between leaves the new refresh token with the
///    previous cached session; load() pairs them. That is what we want: the previous access token
///    stays valid until it expires, and if the server rotated the refresh token, the new one is the
///    only one that still works.
///  - clear(): cache first, then secret. A crash in between leaves an orphaned secret that no
///    session refers to (load() reports no session; the next save or clear overwrites it), never
///    a session without its refresh token.
/// load() of a cached session whose secret is missing is an Errc::storage error that says to sign
/// in again. lock_for_refresh() is the cache's.
class SplitSessionStore final : public SessionStore {
 public:
  SplitSessionStore(std::shared_ptr<SessionStore> cache, std::shared_ptr<SecretStore> secrets,
                    std::string secret_name = "refresh_token");

  Result<std::optional<Session>> load() override;
  Result<void> save(const Session& session) override;
  Result<void> clear() override;
  Result<std::unique_ptr<StoreLock>> lock_for_refresh() override;

 private:
  std::shared_ptr<SessionStore> cache_;
  std::shared_ptr<SecretStore> secrets_;
  std::string secret_name_;
};

}  // namespace freshauth
