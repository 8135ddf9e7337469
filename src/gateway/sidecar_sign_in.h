#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>

#include "freshauth/core/authenticator.h"
#include "freshauth/core/clock.h"
#include "freshauth/core/executor.h"
#include "freshauth/core/refresh_policy.h"
#include "freshauth/core/session_engine.h"
#include "freshauth/core/session_table.h"

// How the sidecar gets its one session into the table: at start (synchronously, so that bad
// credentials fail the start) and again whenever the session ends, on its own thread, never a
// server thread, one sign-in at a time. Failed attempts are spaced out by the policy's backoff
// on the injected clock, so a stream of requests cannot turn into a stream of sign-ins.
namespace freshauth::gateway {

struct SidecarSignInSettings {
  std::shared_ptr<Authenticator> authenticator;
  std::optional<Credentials> credentials;
  SessionContext context;
  RefreshPolicy policy;
  std::shared_ptr<const Clock> clock;
  std::function<void(std::string_view)> log;
};

class SidecarSignIn {
 public:
  enum class Renewal { under_way, backing_off, impossible };

  SidecarSignIn(SidecarSignInSettings settings, std::shared_ptr<SessionTable> table,
                std::string key);
  ~SidecarSignIn();  // stop()
  SidecarSignIn(const SidecarSignIn&) = delete;
  SidecarSignIn& operator=(const SidecarSignIn&) = delete;

  // The first session: from `refresh_token` if given, else (or when that fails) the credentials.
  Result<void> start(const std::optional<std::string>& refresh_token);
  // The session has ended: signs in again on the worker unless one is under way already, the
  // last attempt failed less than a backoff ago, or there are no credentials.
  Renewal renew();
  bool under_way() const;
  // No new sign-ins; waits for the one under way.
  void stop();

 private:
  Result<void> sign_in();
  Result<void> from_refresh_token(const std::string& refresh_token);
  void finished(const Result<void>& outcome);
  void log(const std::string& line) const;

  SidecarSignInSettings settings_;
  std::shared_ptr<SessionTable> table_;
  std::string key_;
  mutable std::mutex mutex_;
  bool running_ = false;
  bool stopped_ = false;
  int failures_ = 0;
  TimePoint retry_at_{};
  std::mt19937_64 random_{std::random_device{}()};
  std::unique_ptr<WorkerThread> worker_ = std::make_unique<WorkerThread>();
};

}  // namespace freshauth::gateway
