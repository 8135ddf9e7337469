#include "freshauth/idp/mfa_challenges.h"

#include "freshauth/idp/secrets.h"

namespace freshauth::idp {
namespace {

Error invalid_session() { return {Errc::invalid_credentials, "Invalid session for the user.", {}}; }

}  // namespace

MfaChallenges::MfaChallenges(std::shared_ptr<const Clock> clock, MfaPolicy policy)
    : clock_(std::move(clock)), policy_(policy) {}

std::string MfaChallenges::open(PendingChallenge challenge) {
  std::string session = random_token(48);
  const auto now = clock_->now();
  std::lock_guard lock{mutex_};
  forget_expired(now);
  sessions_[session] = {std::move(challenge), now + policy_.session_lifetime, 0};
  return session;
}

Result<PendingChallenge> MfaChallenges::find(const std::string& username,
                                             const std::string& session) {
  const auto now = clock_->now();
  std::lock_guard lock{mutex_};
  if (const auto it = failures_.find(username); it != failures_.end()) {
    const auto window_end = it->second.window_start + policy_.throttle_window;
    if (now >= window_end) {
      failures_.erase(it);
    } else if (it->second.count >= policy_.wrong_codes_per_user) {
      const auto wait = std::chrono::duration_cast<std::chrono::seconds>(window_end - now);
      return Error{Errc::transient, "Too many failed attempts.",
                   std::max(wait, std::chrono::seconds{1})};
    }
  }
  const auto it = sessions_.find(session);
  if (it == sessions_.end() || it->second.challenge.username != username) return invalid_session();
  if (now >= it->second.expires_at) {
    sessions_.erase(it);
    return invalid_session();
  }
  return it->second.challenge;
}

bool MfaChallenges::close(const std::string& session) {
  std::lock_guard lock{mutex_};
  return sessions_.erase(session) == 1;
}

void MfaChallenges::wrong_code(const std::string& username, const std::string& session) {
  const auto now = clock_->now();
  std::lock_guard lock{mutex_};
  auto& failures = failures_[username];
  if (failures.count == 0) failures.window_start = now;
  ++failures.count;
  if (const auto it = sessions_.find(session);
      it != sessions_.end() && ++it->second.wrong_codes >= policy_.wrong_codes_per_session) {
    sessions_.erase(it);
  }
}

bool MfaChallenges::claim_step(const std::string& username, std::int64_t step) {
  std::lock_guard lock{mutex_};
  auto [it, inserted] = last_step_.try_emplace(username, step);
  if (inserted) return true;
  if (step <= it->second) return false;
  it->second = step;
  return true;
}

void MfaChallenges::forget_expired(TimePoint now) {
  std::erase_if(sessions_, [now](const auto& entry) { return now >= entry.second.expires_at; });
}

}  // namespace freshauth::idp
