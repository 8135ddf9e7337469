#include "session_preload.h"

#include <atomic>
#include <thread>
#include <vector>

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

// Session `index` written to the store, with the token the idp issued at plan.issued_at.
std::string save_session(const PreloadPlan& plan, int index, CountingIdp& idp,
                         RedisSessionTableStore& store) {
  // Whole seconds, as the token's iat claim says.
  const TimePoint issued =
      from_epoch_seconds(to_epoch_seconds(plan.issued_at(index, std::chrono::system_clock::now())));
  const TokenGrant grant = idp.issue(index, issued);
  Session session;
  session.access_token = grant.access_token;
  session.id_token = grant.id_token;
  session.refresh_token = *grant.refresh_token;
  session.obtained_at = issued;
  session.expires_at = issued + *grant.expires_in;
  session.generation = 1;
  std::string id = random_token(kSessionIdBytes);
  value_or_fail(store.save_new(sha256_hex(id), session, plan.created_at),
                "preloading session " + std::to_string(index));
  return id;
}

}  // namespace

PreloadOutcome preload_sessions(const PreloadPlan& plan, CountingIdp& idp,
                                RedisSessionTableStore& store) {
  const auto began = std::chrono::steady_clock::now();
  std::vector<std::string> ids(static_cast<std::size_t>(plan.sessions));
  std::atomic<std::uint64_t> failed{0};
  std::vector<std::jthread> workers;
  workers.reserve(static_cast<std::size_t>(plan.threads));
  for (int worker = 0; worker < plan.threads; ++worker) {
    workers.emplace_back([&, worker] {
      testing::HttpProbe balancer{plan.balancer};
      for (int i = worker; i < plan.sessions; i += plan.threads) {
        std::string id = save_session(plan, i, idp, store);
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
