#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

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
// fsync per write, so that stop() then start() keeps every key (the restart tests); a benchmark
// may choose `appendfsync everysec`, as docs/fleet.md allows.
class RedisServer {
 public:
  static constexpr std::chrono::seconds kStartDeadline{30};

  explicit RedisServer(bool persistent = false, std::string password = {}, bool tcp = false,
                       std::string appendfsync = "always")
      : persistent_(persistent),
        password_(std::move(password)),
        port_(tcp ? free_port() : 0),
        appendfsync_(std::move(appendfsync)) {}
  ~RedisServer() { stop(); }
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  // Starts it and waits until it answers PING; false if it did not within the deadline.
  [[nodiscard]] bool start() {
    platform::ProcessSpec spec;
    spec.argv = {"redis-server",
                 "--port",
                 std::to_string(port_),
                 "--bind",
                 "127.0.0.1",
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
                 appendfsync_,
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

  // The Unix socket, or with `tcp` 127.0.0.1 and the port.
  redis::Endpoint endpoint() const {
    redis::Endpoint endpoint;
    if (port_ != 0) {
      endpoint.port = port_;
    } else {
      endpoint.unix_socket = socket();
    }
    endpoint.password = password_;
    endpoint.connect_timeout = std::chrono::milliseconds{1000};
    endpoint.command_timeout = std::chrono::milliseconds{5000};
    return endpoint;
  }
  std::string socket() const { return (dir_.path() / "redis.sock").string(); }
  int port() const { return port_; }

  // A port nobody listens on now (the kernel's pick for port 0), for redis-server (or another
  // server a harness starts) to take.
  static int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    ::bind(fd, reinterpret_cast<sockaddr*>(&address), size);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
    ::close(fd);
    return ntohs(address.sin_port);
  }

 private:
  bool persistent_;
  std::string password_;
  int port_;
  std::string appendfsync_;
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
