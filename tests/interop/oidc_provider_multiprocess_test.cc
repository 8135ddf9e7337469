// Interop: eight processes share one session file (split store: session file + refresh-token
// file) against oidc-provider with refresh-token rotation. Each keeps the session fresh across
// several token lifetimes; a rotated refresh token presented twice would make oidc-provider revoke
// the whole grant, so the session only survives if the processes refresh one at a time and each
// picks up the others' rotated token.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <thread>
#include <vector>

#include "freshauth/platform/process.h"
#include "freshauth/stores/file_session_store.h"
#include "freshauth/stores/plain_file_secret_store.h"
#include "freshauth/stores/split_session_store.h"
#include "interop/oidc_provider_fixture.h"
#include "support/temp_dir.h"

namespace freshauth::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr int kProcesses = 8;
constexpr milliseconds kPause{30};

std::shared_ptr<SessionStore> shared_store(const TempDir& dir) {
  return std::make_shared<SplitSessionStore>(
      std::make_shared<FileSessionStore>(dir / "session.json"),
      std::make_shared<PlainFileSecretStore>(dir / "secrets"));
}

// Runs in a forked child: its own transport, authenticator, store objects and engine over the
// shared files. Writes why it failed, if it did, to `report` (no tokens) and returns 0 on success.
int keep_session_alive(const OAuth2Endpoints& endpoints, const OAuth2Client& client,
                       const TempDir& dir, int start_gate, TimePoint end,
                       const std::filesystem::path& report) {
  std::ofstream out(report);
  auto transport = std::make_shared<CurlTransport>();
  auto authenticator = std::make_shared<OAuth2Authenticator>(
      OAuth2AuthenticatorOptions{.endpoints = endpoints, .client = client, .transport = transport});
  SessionEngineOptions options;
  options.clock = std::make_shared<SystemClock>();
  options.store = shared_store(dir);
  SessionEngine engine(authenticator, options);
  auto restored = engine.restore();
  if (!restored.ok() || !*restored) {
    out << "restore found no session";
    return 2;
  }
  char go = 0;
  if (::read(start_gate, &go, 1) != 0) return 3;  // 0 once the parent closes the gate

  const SystemClock clock;
  int calls = 0;
  while (clock.now() < end) {
    ++calls;
    auto session = engine.try_ensure_fresh();
    if (!session.ok()) {
      out << "call " << calls << ": ensure_fresh: " << session.error().describe();
      return 4;
    }
    HttpRequest userinfo;
    userinfo.url = endpoints.userinfo_endpoint.value_or("");
    userinfo.headers.set("Authorization", "Bearer " + session->access_token());
    auto answer = transport->send(userinfo);
    if (!answer.ok() || answer->status != 200) {
      out << "call " << calls << ": userinfo answered " << (answer.ok() ? answer->status : 0);
      return 5;
    }
    std::this_thread::sleep_for(kPause);
  }
  out << calls << " calls";
  return 0;
}

// Exit status of `pid` (as a shell reports it), or SIGKILL's once `deadline` passes.
int wait_for(pid_t pid, TimePoint deadline) {
  platform::Process child = platform::Process::adopt(pid);
  const auto left = std::chrono::duration_cast<milliseconds>(deadline - SystemClock{}.now());
  const auto status = child.wait(platform::deadline_in(left));
  return (status ? *status : child.kill()).shell_code();
}

using OidcProviderMultiProcessTest = OidcProviderTest;  // rotation on: the harness default

TEST_F(OidcProviderMultiProcessTest, EightProcessesOnOneSessionFileNeverLoseTheSession) {
  TempDir dir;
  const OAuth2Client client = peer_->client(ClientAuthMethod::none);
  TimePoint first_expiry;
  Duration lifetime{};
  {
    // Signed in and saved; this engine and its threads are gone before anyone forks.
    auto authenticator = make_authenticator();
    auto engine = make_engine(authenticator, shared_store(dir));
    ASSERT_NO_FATAL_FAILURE(adopt_robot_sign_in(*engine, *authenticator));
    first_expiry = engine->current()->expires_at;
    lifetime = engine->current()->lifetime();
  }
  const TimePoint end = first_expiry + 2 * lifetime;

  int gate[2];
  ASSERT_EQ(::pipe(gate), 0);
  std::vector<pid_t> children;
  for (int i = 0; i < kProcesses; ++i) {
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::close(gate[1]);
      const auto report = dir / ("child-" + std::to_string(i) + ".txt");
      ::_exit(keep_session_alive(endpoints_, client, dir, gate[0], end, report));
    }
    children.push_back(pid);
  }
  ::close(gate[0]);
  ::close(gate[1]);  // all go at once

  for (int i = 0; i < kProcesses; ++i) {
    const int status = wait_for(children[i], end + seconds{30});
    EXPECT_EQ(status, 0) << "process " << i << " (status " << status
                         << "): " << read_file(dir / ("child-" + std::to_string(i) + ".txt"));
  }

  const OidcProviderStats seen = stats();
  EXPECT_GE(seen.refresh_grants, 2);
  EXPECT_EQ(seen.refresh_errors, 0);
  EXPECT_EQ(seen.refresh_token_reuse, 0);
  EXPECT_EQ(seen.revoked_grants, 0);

  // What the processes left behind is still a live session.
  auto engine = make_engine(make_authenticator(), shared_store(dir));
  ASSERT_TRUE(engine->restore().value());
  auto refreshed = engine->refresh_if_within(std::chrono::hours{1});
  ASSERT_TRUE(refreshed.ok()) << refreshed.error().describe();
  EXPECT_EQ(userinfo_status(engine->current()->access_token), 200);
}

}  // namespace
}  // namespace freshauth::testing
