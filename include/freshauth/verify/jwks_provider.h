#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "freshauth/core/clock.h"
#include "freshauth/core/executor.h"
#include "freshauth/core/single_flight.h"
#include "freshauth/http/http_transport.h"
#include "freshauth/verify/key_set.h"
#include "freshauth/verify/key_source.h"

namespace freshauth {

struct JwksProviderOptions {
  /// Keys older than this are refetched in the background while the cached ones keep serving.
  std::chrono::seconds refresh_interval{std::chrono::minutes{10}};
  /// An unknown kid (or missing keys) triggers at most one refetch per this period.
  std::chrono::seconds unknown_kid_penalty{10};
  /// Plain http:// is accepted for loopback hosts only, unless this is set.
  bool allow_plain_http = false;
  std::size_t max_document_bytes = 1024 * 1024;
  /// Runs background refreshes; empty: a worker thread owned by the provider.
  Executor background;
};

/// The keys of one JWKS URI (or a fixed document): fetched on first use, cached, refreshed in
/// the background, refetched at once for an unknown kid (at most once per penalty period), with
/// concurrent fetches merged into one.
class JwksProvider final : public KeySource {
 public:
  /// Offline: fixed keys, never refetched.
  static Result<std::shared_ptr<JwksProvider>> from_json(std::string_view jwks_json,
                                                         const Clock& clock);
  static Result<std::shared_ptr<JwksProvider>> from_file(const std::string& path,
                                                         const Clock& clock);
  /// `clock` must outlive the provider. Refuses a URI that is neither https nor allowed http.
  static Result<std::shared_ptr<JwksProvider>> from_uri(std::string uri,
                                                        std::shared_ptr<HttpTransport> transport,
                                                        const Clock& clock,
                                                        JwksProviderOptions options = {});
  ~JwksProvider() override;

  KeyLookup find(std::string_view kid) override;
  int fetches() const;  ///< completed fetch attempts, for tests and metrics

 private:
  struct FetchOutcome {
    std::shared_ptr<const KeySet> keys;
    std::string error;  ///< why the last attempt failed, if it did
  };

  JwksProvider(std::string uri, std::shared_ptr<HttpTransport> transport, const Clock& clock,
               JwksProviderOptions options, std::shared_ptr<const KeySet> keys);
  FetchOutcome fetch();
  FetchOutcome current() const;
  KeyLookup refetch_and_find(std::string_view kid);
  void refresh_in_background_if_stale();

  const std::string uri_;  ///< empty: fixed keys
  const std::shared_ptr<HttpTransport> transport_;
  const Clock& clock_;
  const JwksProviderOptions options_;

  mutable std::mutex mutex_;
  std::shared_ptr<const KeySet> keys_;
  TimePoint next_refresh_{};
  std::optional<TimePoint> last_forced_fetch_;
  std::optional<TimePoint> last_failed_fetch_;
  std::string last_error_;
  int fetches_ = 0;

  SingleFlight<FetchOutcome> flight_;
  std::unique_ptr<WorkerThread> worker_;  ///< last: joined first, before the state it uses goes
};

}  // namespace freshauth
