#include <gtest/gtest.h>
#include <unistd.h>

#include <thread>

#include "fleet/fleet_test_support.h"
#include "freshauth/platform/process.h"

// A replica process killed with SIGKILL in the middle of a refresh: the session survives and
// another replica finishes the refresh once the dead one's lease has expired.
namespace freshauth::testing {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

// The refresh of a replica about to be killed: it never returns.
class HangingProvider : public RotatingIdp {
 public:
  using RotatingIdp::RotatingIdp;
  Result<TokenGrant> refresh(const RefreshRequest& /*request*/) override {
    for (;;) ::pause();
  }
};

TEST_F(FleetTest, AReplicaKilledDuringARefreshLeavesTheSessionToAnother) {
  start_redis();
  // Signed in before any thread starts: the replica below is a forked copy of this process.
  const TokenGrant grant = idp_->sign_in_grant();
  Session session{grant.access_token,
                  grant.id_token,
                  *grant.refresh_token,
                  clock_->now(),
                  clock_->now() + kLifetime,
                  "",
                  std::nullopt,
                  std::nullopt,
                  1};
  auto shared = store();
  ASSERT_TRUE(shared->save_new("s", session, clock_->now()));
  auto client = redis::Client::connect(server_->endpoint());
  ASSERT_TRUE(client);
  clock_->advance(minutes{59} + seconds{45});  // hard window

  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    SessionTableOptions options;
    options.clock = clock_;
    options.store = store();
    options.refresh_ahead = false;
    options.lease_ttl = std::chrono::milliseconds{500};
    SessionTable doomed(std::make_shared<HangingProvider>(*clock_, kLifetime), options);
    doomed.acquire("s", [](const Result<SessionSnapshot>&) { ::_exit(3); });
    for (;;) ::pause();
  }
  platform::Process child = platform::Process::adopt(pid);  // killed if an assertion fails
  // Its lease in Redis says it is refreshing.
  ASSERT_TRUE(wait_until([&] {
    auto exists = (*client)->command({"EXISTS", shared->lease_key("s")});
    return exists && exists->integer == 1;
  }));
  const platform::ExitStatus killed = child.kill();
  EXPECT_EQ(killed.signal, SIGKILL);

  auto& survivor = add_replica(false);
  auto snapshot = survivor.acquire("s");
  ASSERT_TRUE(snapshot) << snapshot.error().describe();
  EXPECT_GT(snapshot->expires_at(), clock_->now() + minutes{30});
  EXPECT_EQ(idp_->refreshes, 1);
  EXPECT_EQ(idp_->reused, 0);
  auto stored = shared->load("s");
  ASSERT_TRUE(stored && *stored);
  EXPECT_EQ((*stored)->session.access_token, snapshot->access_token());
}

}  // namespace
}  // namespace freshauth::testing
