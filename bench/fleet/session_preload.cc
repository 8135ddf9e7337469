#include "session_preload.h"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "freshauth/core/session_table.h"
#include "freshauth/platform/private_file.h"
#include "freshauth/security/random.h"
#include "freshauth/security/sha256.h"
#include "harness.h"
#include "support/http_probe.h"

namespace freshauth::bench {
namespace {

// The gateway's session cookie, as a browser holds it: 256 random bits, base64url, in a cookie of
// this name; the gateway keys the session by the id's SHA-256 in hex. The gateway keeps these
// private; a change there shows here as preloaded sessions its requests cannot find.
constexpr std::string_view kSessionCookieName = "__Host-freshauth-session";
constexpr std::size_t kSessionIdBytes = 32;

// The table the preload signs sessions in through, as a replica does after a code exchange: it
// saves each with the refresh plan its calendar gives it then. Its timer never wakes, so it
// refreshes nothing itself: the replicas that take the sessions up refresh them a little after
// that plan, as they do when the replica that planned is gone.
class SigningInTable {
 public:
  explicit SigningInTable(std::shared_ptr<RedisSessionTableStore> store)
      : table_(std::make_shared<NeverRefreshes>(), options(std::move(store))) {}

  // Session `index`, with the token the idp issued at plan.issued_at; its id.
  std::string sign_in(const PreloadPlan& plan, int index, CountingIdp& idp) {
    // Whole seconds, as the token's iat claim says.
    const TimePoint issued = from_epoch_seconds(
        to_epoch_seconds(plan.issued_at(index, std::chrono::system_clock::now())));
    std::string id = random_token(kSessionIdBytes);
    value_or_fail(table_.adopt(sha256_hex(id), idp.issue(index, issued), issued, {}),
                  "preloading session " + std::to_string(index));
    return id;
  }

 private:
  class NeverRefreshes final : public Authenticator {
    Result<SignInOutcome> sign_in(const Credentials& /*credentials*/) override { return refused(); }
    Result<SignInOutcome> respond_to_mfa(const MfaChallenge& /*challenge*/,
                                         const std::string& /*code*/) override {
      return refused();
    }
    Result<TokenGrant> refresh(const RefreshRequest& /*request*/) override { return refused(); }
    Result<void> revoke(const std::string& /*refresh_token*/) override { return refused(); }
    static Error refused() { return {Errc::invalid_argument, "the preload only signs in", {}}; }
  };
  // The time of day, and sleeps that last until the table stops.
  class TimerlessClock final : public Clock {
   public:
    TimePoint now() const noexcept override { return system_.now(); }
    bool sleep_until(TimePoint /*deadline*/, std::stop_token stop) const override {
      std::unique_lock lock(mutex_);
      stopped_.wait(lock, stop, [] { return false; });
      return false;
    }

   private:
    SystemClock system_;
    mutable std::mutex mutex_;
    mutable std::condition_variable_any stopped_;
  };
  static SessionTableOptions options(std::shared_ptr<RedisSessionTableStore> store) {
    SessionTableOptions options;  // the replicas' defaults: policy, jitter
    options.clock = std::make_shared<TimerlessClock>();
    options.store = std::move(store);
    return options;
  }

  SessionTable table_;
};

}  // namespace

PreloadOutcome preload_sessions(const PreloadPlan& plan, CountingIdp& idp,
                                std::shared_ptr<RedisSessionTableStore> store) {
  const auto began = std::chrono::steady_clock::now();
  SigningInTable table{std::move(store)};
  std::vector<std::string> ids(static_cast<std::size_t>(plan.sessions));
  std::atomic<std::uint64_t> failed{0};
  std::vector<std::jthread> workers;
  workers.reserve(static_cast<std::size_t>(plan.threads));
  for (int worker = 0; worker < plan.threads; ++worker) {
    workers.emplace_back([&, worker] {
      testing::HttpProbe balancer{plan.balancer};
      for (int i = worker; i < plan.sessions; i += plan.threads) {
        std::string id = table.sign_in(plan, i, idp);
        const auto answer =
            balancer.get("/api/items",
                         {{"Cookie", std::string{kSessionCookieName} + "=" + id}, {"X-CSRF", "1"}});
        if (!answer || answer->status != 200) failed.fetch_add(1, std::memory_order_relaxed);
        ids[static_cast<std::size_t>(i)] = std::move(id);
      }
    });
  }
  workers.clear();  // joins
  std::string cookies;
  cookies.reserve(ids.size() * (kSessionIdBytes * 4 / 3 + 2));
  for (const auto& id : ids) cookies += id + "\n";
  value_or_fail(platform::write_file_atomically(plan.cookie_file, cookies), "cookie file");
  return {failed.load(), std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::steady_clock::now() - began)};
}

}  // namespace freshauth::bench
