#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "freshauth/core/authenticator.h"
#include "freshauth/core/clock.h"
#include "freshauth/server/http_server.h"

namespace freshauth::bench {

// The OAuth2 server of the fleet benchmark. The embedded idp signs every token with RSA and
// writes every refresh to SQLite, so 100,000 sessions refreshing every few minutes would measure
// the idp; this one answers a discovery document and a token endpoint (client_secret_basic,
// grant_type=refresh_token) with unsigned JWT-shaped tokens, and rotates: each refresh token
// works once, and one presented again is refused (invalid_grant) and counted. It counts
// refreshes per session and per second. The fleet tests prove correctness against the real idp
// and oidc-provider; this one measures load and spread.
class CountingIdp {
 public:
  struct Options {
    int sessions = 0;
    std::chrono::seconds lifetime{0};
    std::string client_id;
    std::string client_secret;
    // As Cognito's (docs/benchmarks.md §5): JWT-shaped tokens padded to about these sizes.
    std::size_t access_token_bytes = 1000;
    std::size_t id_token_bytes = 1100;
    int threads = 1;
  };

  explicit CountingIdp(Options options);
  ~CountingIdp();
  CountingIdp(const CountingIdp&) = delete;
  CountingIdp& operator=(const CountingIdp&) = delete;

  std::string issuer() const;
  // Session `index`'s grant as of `issued_at` (preloading): its refresh token is the only one
  // the token endpoint accepts for that session until it is refreshed.
  TokenGrant issue(int index, TimePoint issued_at);
  // {"refreshes_by_second": [[epoch second, count], ...], "sessions_by_refreshes":
  // {"refreshes": sessions, ...}, "refreshes", "reused", "refused"}.
  nlohmann::json counts() const;

  // The running counts at one instant, to subtract from a later one (PhaseLog).
  struct Tally {
    std::vector<std::uint32_t> refreshes;  // per session
    std::uint64_t reused = 0;
    std::uint64_t refused = 0;
  };
  Tally tally() const;

 private:
  server::ServerResponse token(const server::ServerRequest& request);
  TokenGrant mint_locked(int index, TimePoint issued_at);

  Options options_;
  std::string expected_authorization_;
  mutable std::mutex mutex_;
  std::vector<std::string> current_;      // per session: the refresh token it accepts
  std::vector<std::uint32_t> refreshes_;  // per session
  std::map<std::int64_t, std::uint64_t> by_second_;
  std::uint64_t reused_ = 0;   // a rotated-away token of a known session: presented twice
  std::uint64_t refused_ = 0;  // anything else refused (client, grant type, unknown token)
  std::unique_ptr<server::HttpServer> server_;
};

// {"refreshes": sessions, ...}: how many sessions were refreshed how many times.
nlohmann::json sessions_by_refreshes(const std::vector<std::uint32_t>& refreshes_per_session);

}  // namespace freshauth::bench
