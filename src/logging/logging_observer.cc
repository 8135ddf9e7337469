#include "freshauth/logging/logging_observer.h"

#include <string>
#include <utility>

#include "freshauth/security/fingerprint.h"

namespace freshauth {

LoggingObserver::LoggingObserver(LogSink sink) : sink_(std::move(sink)) {}

void LoggingObserver::on_refreshed(const Session& session) {
  sink_(LogLevel::info, "session refreshed: generation " + std::to_string(session.generation) +
                            ", access token " + fingerprint(session.access_token) +
                            ", refresh token " + fingerprint(session.refresh_token));
}

void LoggingObserver::on_refresh_failed(FailureClass failure, const Error& error) {
  // Error messages never quote tokens (error.h); the session keeps working after a transient one.
  if (failure == FailureClass::fatal) {
    sink_(LogLevel::error, "refresh failed (fatal): " + error.describe());
  } else {
    sink_(LogLevel::warning, "refresh failed (transient, will retry): " + error.describe());
  }
}

void LoggingObserver::on_session_expired(const Error& reason) {
  sink_(LogLevel::warning, "session expired: " + reason.describe());
}

void LoggingObserver::on_store_failed(const Error& error) {
  sink_(LogLevel::error,
        "session store failed (the session lives on in memory): " + error.describe());
}

}  // namespace freshauth
