#pragma once

#include "freshauth/core/log_sink.h"
#include "freshauth/core/session_observer.h"

namespace freshauth {

/// Logs a SessionEngine's refreshes, failures, expiries and store failures to a LogSink. Tokens
/// appear only as fingerprints (freshauth/security/fingerprint.h).
class LoggingObserver final : public SessionObserver {
 public:
  explicit LoggingObserver(LogSink sink);

  void on_refreshed(const Session& session) override;
  void on_refresh_failed(FailureClass failure, const Error& error) override;
  void on_session_expired(const Error& reason) override;
  void on_store_failed(const Error& error) override;

 private:
  LogSink sink_;
};

}  // namespace freshauth
