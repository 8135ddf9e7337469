#include "session_preload.h"

#include "freshauth/platform/private_file.h"
#include "gateway/session_cookie.h"
#include "harness.h"

namespace freshauth::bench {

void preload_sessions(const PreloadPlan& plan, CountingIdp& idp, RedisSessionTableStore& store) {
  std::string cookies;
  cookies.reserve(static_cast<std::size_t>(plan.sessions) * 44);
  for (int i = 0; i < plan.sessions; ++i) {
    // Whole seconds, as the token's iat claim says.
    const TimePoint issued = from_epoch_seconds(to_epoch_seconds(plan.issued_at(i)));
    const TokenGrant grant = idp.issue(i, issued);
    Session session;
    session.access_token = grant.access_token;
    session.id_token = grant.id_token;
    session.refresh_token = *grant.refresh_token;
    session.obtained_at = issued;
    session.expires_at = issued + *grant.expires_in;
    session.generation = 1;
    const std::string id = gateway::new_session_id();
    (void)value_or_fail(store.save_new(gateway::session_key(id), session, plan.created_at),
                        "preloading session " + std::to_string(i));
    cookies += id;
    cookies += '\n';
  }
  (void)value_or_fail(platform::write_file_atomically(plan.cookie_file, cookies), "cookie file");
}

}  // namespace freshauth::bench
