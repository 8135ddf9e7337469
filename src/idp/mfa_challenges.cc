#include "idp/mfa_challenges.h"

#include "freshauth/idp/secrets.h"
#include "freshauth/security/random.h"

namespace freshauth::idp {
namespace {

Error invalid_session() { return {Errc::invalid_credentials, "Invalid session for the user.", {}}; }

}  // namespace

MfaChallenges::MfaChallenges(std::shared_ptr<const Clock> clock, MfaPolicy policy)
    : clock_(clock),
      policy_(policy),
      wrong_codes_(std::move(clock), {policy.wrong_codes_per_user, policy.throttle_window}) {}

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
  if (auto allowed = wrong_codes_.check(username); !allowed) return allowed.error();
  const auto now = clock_->now();
  std::lock_guard lock{mutex_};
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

Result<void> MfaChallenges::check_user(const std::string& username) {
  return wrong_codes_.check(username);
}

void MfaChallenges::wrong_code(const std::string& username, const std::string& session) {
  wrong_codes_.failed(username);
  std::lock_guard lock{mutex_};
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
