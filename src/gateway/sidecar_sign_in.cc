#include "gateway/sidecar_sign_in.h"

#include <variant>

namespace freshauth::gateway {

SidecarSignIn::SidecarSignIn(SidecarSignInSettings settings, std::shared_ptr<SessionTable> table,
                             std::string key)
    : settings_(std::move(settings)), table_(std::move(table)), key_(std::move(key)) {}

SidecarSignIn::~SidecarSignIn() { stop(); }

Result<void> SidecarSignIn::start(const std::optional<std::string>& refresh_token) {
  if (!refresh_token && !settings_.credentials) {
    return Error{Errc::invalid_argument, "the sidecar needs credentials or a refresh token", {}};
  }
  if (refresh_token) {
    auto adopted = from_refresh_token(*refresh_token);
    if (adopted || !settings_.credentials) return adopted;
    log(adopted.error().message + "; signing in with the credentials instead");
  }
  return sign_in();
}

SidecarSignIn::Renewal SidecarSignIn::renew() {
  const std::lock_guard lock{mutex_};
  if (stopped_ || !settings_.credentials) return Renewal::impossible;
  if (running_) return Renewal::under_way;
  if (settings_.clock->now() < retry_at_) return Renewal::backing_off;
  running_ = true;
  worker_->post([this] {
    // A late report of the old session's end must not replace a session signed in since.
    finished(table_->status(key_) ? Result<void>{} : sign_in());
  });
  return Renewal::under_way;
}

bool SidecarSignIn::under_way() const {
  const std::lock_guard lock{mutex_};
  return running_;
}

void SidecarSignIn::stop() {
  {
    const std::lock_guard lock{mutex_};
    stopped_ = true;
  }
  worker_.reset();  // finishes the sign-in under way (it takes mutex_)
}

Result<void> SidecarSignIn::sign_in() {
  const std::string& username = settings_.credentials->username;
  const TimePoint requested_at = settings_.clock->now();
  auto outcome = settings_.authenticator->sign_in(*settings_.credentials);
  if (!outcome) {
    Error error = outcome.error();
    error.message = "signing in as " + username + " failed: " + error.message;
    return error;
  }
  if (const auto* challenge = std::get_if<MfaChallenge>(&*outcome)) {
    return Error{Errc::mfa_required,
                 "the server asks " + username + " for a second factor (" + challenge->name +
                     "); a sidecar cannot answer one: use an account without MFA",
                 {}};
  }
  auto adopted =
      table_->adopt(key_, std::get<TokenGrant>(*outcome), requested_at, settings_.context);
  if (!adopted) return adopted.error();
  log("signed in as " + username + " (generation " + std::to_string(adopted->generation()) + ")");
  return {};
}

Result<void> SidecarSignIn::from_refresh_token(const std::string& refresh_token) {
  const TimePoint requested_at = settings_.clock->now();
  auto grant = settings_.authenticator->refresh(
      {refresh_token, settings_.context.device_key, settings_.context.device_group_key});
  if (!grant) {
    Error error = grant.error();
    error.message = "the refresh token given could not be used: " + error.message;
    return error;
  }
  // Providers that do not rotate it answer without one: the given one stays the session's.
  if (!grant->refresh_token || grant->refresh_token->empty()) grant->refresh_token = refresh_token;
  auto adopted = table_->adopt(key_, *grant, requested_at, settings_.context);
  if (!adopted) return adopted.error();
  log("started from the refresh token given (generation " + std::to_string(adopted->generation()) +
      ")");
  return {};
}

void SidecarSignIn::finished(const Result<void>& outcome) {
  const std::lock_guard lock{mutex_};
  running_ = false;
  if (outcome) {
    failures_ = 0;
    return;
  }
  ++failures_;
  const Duration wait = settings_.policy.backoff_after(
      failures_, std::uniform_real_distribution<double>{0.0, 1.0}(random_));
  retry_at_ = settings_.clock->now() + wait;
  log(outcome.error().message + "; the next attempt comes with a request in " +
      std::to_string(std::chrono::ceil<std::chrono::seconds>(wait).count()) + " s at the earliest");
}

void SidecarSignIn::log(const std::string& line) const {
  if (settings_.log) settings_.log(line);
}

}  // namespace freshauth::gateway
