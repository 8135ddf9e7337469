#pragma once

#include <csignal>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include "freshauth/platform/process.h"
#include "freshauth/redis/client.h"
#include "support/peers.h"
#include "support/temp_dir.h"

namespace freshauth::testing {

inline bool redis_server_available() {
  platform::ProcessSpec spec;
  spec.argv = {"redis-server", "--version"};
  spec.out = platform::Stdio::null;
  spec.err = platform::Stdio::null;
  const auto run = platform::run_process(spec, {}, std::chrono::seconds{30});
  return run && run->exit && run->exit->code == 0;
}

// A redis-server of the test's own, listening on a Unix socket in a temporary folder (no TCP
// port at all), stopped when the fixture goes. With `persistent`, an append-only file with an
// fsync per write, so that stop() then start() keeps every key (the restart tests).
class RedisServer {
 public:
  static constexpr std::chrono::seconds kStartDeadline{30};

  explicit RedisServer(bool persistent = false, std::string password = {})
      : persistent_(persistent), password_(std::move(password)) {}
  ~RedisServer() { stop(); }
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  // Starts it and waits until it answers PING; false if it did not within the deadline.
  [[nodiscard]] bool start() {
    platform::ProcessSpec spec;
    spec.argv = {"redis-server",
                 "--port",
                 "0",
                 "--unixsocket",
                 socket(),
                 "--unixsocketperm",
                 "700",
                 "--dir",
                 dir_.path(),
                 "--save",
                 "",
                 "--appendonly",
                 persistent_ ? "yes" : "no",
                 "--appendfsync",
                 "always",
                 "--daemonize",
                 "no",
                 "--loglevel",
                 "warning"};
    if (!password_.empty()) {
      spec.argv.push_back("--requirepass");
      spec.argv.push_back(password_);
    }
    spec.out = platform::Stdio::null;
    spec.err = platform::Stdio::null;
    auto started = platform::Process::start(spec);
    if (!started) return false;
    process_.emplace(std::move(*started));
    const auto deadline = platform::deadline_in(kStartDeadline);
    while (std::chrono::steady_clock::now() < deadline) {
      if (auto client = redis::Client::connect(endpoint())) {
        if ((*client)->command({"PING"})) return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds{10});  // a process starting
    }
    return false;
  }

  // SIGTERM (redis-server flushes its append-only file) and waits for it to exit.
  void stop() {
    if (!process_) return;
    process_->signal(SIGTERM);
    if (!process_->wait(platform::deadline_in(std::chrono::seconds{30}))) process_->kill();
    process_.reset();
  }

  redis::Endpoint endpoint() const {
    redis::Endpoint endpoint;
    endpoint.unix_socket = socket();
    endpoint.password = password_;
    endpoint.connect_timeout = std::chrono::milliseconds{1000};
    endpoint.command_timeout = std::chrono::milliseconds{5000};
    return endpoint;
  }
  std::string socket() const { return (dir_.path() / "redis.sock").string(); }

 private:
  bool persistent_;
  std::string password_;
  TempDir dir_;
  std::optional<platform::Process> process_;
};

}  // namespace freshauth::testing

// Starts `server` in a test body or SetUp(), or fails/skips as peers.h says when redis-server is
// missing.
#define FRESHAUTH_START_REDIS(server)                                                       \
  do {                                                                                      \
    FRESHAUTH_REQUIRE_PEER(::freshauth::testing::redis_server_available(), "redis-server"); \
    ASSERT_TRUE((server).start()) << "redis-server did not start";                          \
  } while (0)

namespace freshauth::testing {

// Until `key` is gone (a lease's PX ran out), polling the server; false after the deadline.
inline bool wait_until_expired(redis::Client& client, const std::string& key,
                               std::chrono::seconds limit = std::chrono::seconds{30}) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    auto exists = client.command({"EXISTS", key});
    if (exists && exists->integer == 0) return true;
    std::this_thread::yield();
  }
  return false;
}

}  // namespace freshauth::testing
