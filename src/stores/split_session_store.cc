#include "freshauth/stores/split_session_store.h"

namespace freshauth {

SplitSessionStore::SplitSessionStore(std::shared_ptr<SessionStore> cache,
                                     std::shared_ptr<SecretStore> secrets, std::string secret_name)
    : cache_(std::move(cache)),
      secrets_(std::move(secrets)),
      secret_name_(std::move(secret_name)) {}

Result<std::optional<Session>> SplitSessionStore::load() {
  auto cached = cache_->load();
  if (!cached || !*cached) return cached;
  auto secret = secrets_->get(secret_name_);
  if (!secret) return secret.error();
  if (!*secret) {
    return Error{Errc::storage,
                 "the session's refresh token \"" + secret_name_ + "\" is missing from " +
                     secrets_->describe() + "; sign in again",
                 {}};
  }
  Session session = std::move(**cached);
  session.refresh_token = std::move(**secret);
  return std::optional<Session>{std::move(session)};
}

// Secret first: see the header for why this order survives a crash between the two writes.
Result<void> SplitSessionStore::save(const Session& session) {
  if (auto stored = secrets_->put(secret_name_, session.refresh_token); !stored) return stored;
  Session without_secret = session;
  without_secret.refresh_token.clear();
  return cache_->save(without_secret);
}

// Cache first: an orphaned secret is harmless, a cached session without its secret is not.
Result<void> SplitSessionStore::clear() {
  if (auto cleared = cache_->clear(); !cleared) return cleared;
  return secrets_->erase(secret_name_);
}

Result<std::unique_ptr<StoreLock>> SplitSessionStore::lock_for_refresh() {
  return cache_->lock_for_refresh();
}

}  // namespace freshauth
