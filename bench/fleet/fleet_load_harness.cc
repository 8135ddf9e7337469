// What bench/fleet/run_wrk.sh puts wrk in front of (docs/fleet.md, "Capacity"): one
// redis-server (TCP, append-only file), three `freshauth gateway --redis` BFF replicas with the
// same session key, nginx balancing over them (and a second port to the first replica alone), the
// benchmark's counting idp and a trivial upstream; 100,000 sessions preloaded into Redis with
// their tokens issued either spread over the past refresh period as in a fleet that has been
// running (`staggered`) or all at one instant (`herd`). Prints one JSON line when ready (the two
// nginx URLs, the cookie file, Redis memory per session), serves until standard input closes, then
// prints the idp's counts and how every process ended. Each line read meanwhile names a phase of
// the run as it begins (`steady`, `throughput`, ...): the counts then come per phase too.
//
//   fleet_load_harness --scenario=staggered|herd --work=DIR [--sessions=100000]
//       [--lifetime=240] [--server-cpus=1] [--client-cpus=0]
// Exit 77 (BASELINE MISSING on stderr) when redis-server, nginx or wrk is not installed.
#include <unistd.h>

#include <cmath>
#include <iostream>
#include <map>
#include <optional>
#include <random>
#include <string>

#include "counting_idp.h"
#include "cpu_pinning.h"
#include "freshauth/platform/private_file.h"
#include "freshauth/security/random.h"
#include "freshauth/stores/encryption_key.h"
#include "gateway_replica.h"
#include "harness.h"
#include "nginx_balancer.h"
#include "phase_log.h"
#include "redis_rewrites.h"
#include "session_preload.h"
#include "support/redis_server.h"
#include "trivial_upstream.h"

#ifndef FRESHAUTH_BINARY
#error "FRESHAUTH_BINARY must name the freshauth executable"
#endif
#ifndef FRESHAUTH_NGINX_TEMPLATE
#error "FRESHAUTH_NGINX_TEMPLATE must name docs/fleet-bench-nginx.conf"
#endif

namespace {

using namespace freshauth;
using namespace freshauth::bench;
using namespace std::chrono_literals;

constexpr int kReplicas = 3;
constexpr const char* kPrefix = "freshauth:";  // the gateway's default --redis-prefix
// The gateway's defaults for --idle-timeout and --absolute-timeout, which the replicas run with.
constexpr auto kIdleTimeout = 30min;
constexpr auto kAbsoluteTimeout = 12h;
// A token shorter than 10 minutes is refreshed at its half-life, moved earlier by up to a tenth
// of its lifetime (RefreshPolicy, SessionTableOptions::refresh_jitter): one refresh every 0.4 to
// 0.5 lifetimes, uniformly.
constexpr double kShortestInterval = 0.4;
constexpr double kLongestInterval = 0.5;

// A token's age in a fleet that has been running long enough for its refreshes to be spread
// evenly over time: the stationary age of that renewal process, whose density is the chance that
// an interval lasts longer (flat up to the shortest interval, then falling to 0 at the longest).
// Ages drawn uniformly instead make refreshes come in waves that take several lifetimes to fade.
Duration stationary_age(std::chrono::seconds lifetime, std::mt19937_64& random) {
  constexpr double kMean = (kShortestInterval + kLongestInterval) / 2;
  std::uniform_real_distribution<double> unit{0.0, 1.0};
  const double age =
      unit(random) < kShortestInterval / kMean
          ? kShortestInterval * unit(random)
          : kLongestInterval - (kLongestInterval - kShortestInterval) * std::sqrt(unit(random));
  return std::chrono::duration_cast<Duration>(lifetime * age);
}

struct Arguments {
  std::string scenario;
  std::filesystem::path work;
  int sessions = 100'000;
  std::chrono::seconds lifetime{240};
  std::string server_cpus = "1";
  std::string client_cpus = "0";
  // "auto": Redis rewrites its append-only file when it has grown (its default), whenever that
  // falls. "before-steady": once, right after loading, and never again in the run.
  std::string aof_rewrite = "auto";
};

// nullopt (after the usage on stderr) when they do not make sense.
std::optional<Arguments> parse(int argc, char** argv) {
  std::map<std::string, std::string> given;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto equals = arg.find('=');
    if (!arg.starts_with("--") || equals == std::string::npos) fail("unexpected argument " + arg);
    given[arg.substr(2, equals - 2)] = arg.substr(equals + 1);
  }
  Arguments arguments;
  arguments.scenario = given["scenario"];
  arguments.work = given["work"];
  if (given.contains("sessions")) arguments.sessions = std::stoi(given["sessions"]);
  if (given.contains("lifetime"))
    arguments.lifetime = std::chrono::seconds{std::stoi(given["lifetime"])};
  if (given.contains("server-cpus")) arguments.server_cpus = given["server-cpus"];
  if (given.contains("client-cpus")) arguments.client_cpus = given["client-cpus"];
  if (given.contains("aof-rewrite")) arguments.aof_rewrite = given["aof-rewrite"];
  if ((arguments.scenario != "staggered" && arguments.scenario != "herd") ||
      (arguments.aof_rewrite != "auto" && arguments.aof_rewrite != "before-steady") ||
      arguments.work.empty() || arguments.sessions <= 0) {
    std::cerr << "usage: fleet_load_harness --scenario=staggered|herd --work=DIR [--sessions=N] "
                 "[--lifetime=SECONDS] [--server-cpus=LIST] [--client-cpus=LIST] "
                 "[--aof-rewrite=auto|before-steady]\n";
    return std::nullopt;
  }
  return arguments;
}

bool installed(const std::string& program) {
  const char* path = std::getenv("PATH");  // NOLINT(concurrency-mt-unsafe): before any thread
  std::string dirs = path != nullptr ? path : "/usr/bin:/bin";
  for (std::size_t at = 0; at <= dirs.size();) {
    std::size_t end = dirs.find(':', at);
    if (end == std::string::npos) end = dirs.size();
    const std::string candidate = dirs.substr(at, end - at) + "/" + program;
    if (::access(candidate.c_str(), X_OK) == 0) return true;
    at = end + 1;
  }
  return false;
}

std::int64_t used_memory(redis::Client& client) {
  const auto info = value_or_fail(client.command({"INFO", "memory"}), "INFO memory");
  const std::string field = "used_memory:";
  const auto at = info.text.find(field);
  if (at == std::string::npos) fail("INFO memory has no used_memory");
  return std::stoll(info.text.substr(at + field.size()));
}

}  // namespace

int main(int argc, char** argv) {
  const auto parsed = parse(argc, argv);
  if (!parsed) return 2;
  const Arguments& arguments = *parsed;
  for (const char* tool : {"redis-server", "nginx", "wrk"}) {
    if (!installed(tool)) {
      std::cerr << "BASELINE MISSING: " << tool
                << " is not installed (apt-get install redis-server nginx-light wrk); the fleet "
                   "benchmark needs all three\n";
      return 77;
    }
  }
  std::filesystem::create_directories(arguments.work);

  pin_this_thread(arguments.client_cpus);
  const std::string client_id = "fleet-bench";
  const std::string client_secret = random_token(24);
  CountingIdp idp{{.sessions = arguments.sessions,
                   .lifetime = arguments.lifetime,
                   .client_id = client_id,
                   .client_secret = client_secret}};
  const auto upstream = start_trivial_upstream(1);

  pin_this_thread(arguments.server_cpus);
  freshauth::testing::RedisServer redis_server{true, {}, true, "everysec"};
  if (!redis_server.start()) fail("redis-server did not start");
  const EncryptionKey key = EncryptionKey::generate();
  const auto key_file = arguments.work / "session.key";
  value_or_fail(platform::write_file_atomically(key_file, key.to_hex() + "\n"), "key file");
  std::vector<GatewayReplica> replicas;
  std::vector<std::uint16_t> ports;
  for (int i = 0; i < kReplicas; ++i) {
    replicas.push_back(GatewayReplica::start(
        {FRESHAUTH_BINARY, idp.issuer(), client_id, client_secret,
         "http://127.0.0.1:" + std::to_string(upstream->port()),
         "redis://127.0.0.1:" + std::to_string(redis_server.port()), key_file, arguments.work}));
    ports.push_back(replicas.back().port());
  }
  auto nginx = NginxBalancer::start(FRESHAUTH_NGINX_TEMPLATE, arguments.work / "nginx", ports);
  pin_this_thread(arguments.client_cpus);

  auto client = value_or_fail(redis::Client::connect(redis_server.endpoint()), "Redis");
  const std::int64_t memory_before = used_memory(*client);
  const RedisRewrites rewrites{
      value_or_fail(redis::Client::connect(redis_server.endpoint()), "Redis")};
  auto store = RedisSessionTableStore::open(
      client, key,
      {.prefix = kPrefix, .absolute_timeout = kAbsoluteTimeout, .idle_timeout = kIdleTimeout});
  const TimePoint start = std::chrono::system_clock::now();
  // Staggered: each token's age when loading began, as in a fleet whose replicas start then. A
  // session loaded late may be past its refresh time when a replica first sees it; the replica
  // then spreads such refreshes (SessionTable's late refreshes).
  std::mt19937_64 random{16};
  std::vector<Duration> ages(static_cast<std::size_t>(arguments.sessions));
  for (auto& age : ages) age = stationary_age(arguments.lifetime, random);
  const bool herd = arguments.scenario == "herd";
  const PreloadOutcome preloaded =
      preload_sessions({.sessions = arguments.sessions,
                        .issued_at =
                            [&](int i, TimePoint /*now*/) {
                              return herd ? start : start - ages[static_cast<std::size_t>(i)];
                            },
                        .balancer = "http://127.0.0.1:" + std::to_string(nginx.fleet_port()),
                        .cookie_file = arguments.work / "cookies.txt"},
                       idp, store);
  const std::int64_t memory_after = used_memory(*client);
  if (arguments.aof_rewrite == "before-steady") {
    try {
      rewrite_now_then_never(*client, 300s);
    } catch (const std::exception& error) {
      fail(std::string{"--aof-rewrite=before-steady: "} + error.what());
    }
  }
  const auto epoch = [](TimePoint t) { return to_epoch_seconds(t).count(); };
  std::cout
      << nlohmann::json{{"scenario", arguments.scenario},
                        {"sessions", arguments.sessions},
                        {"lifetime_seconds", arguments.lifetime.count()},
                        {"aof_rewrite", arguments.aof_rewrite},
                        {"preload_started_at", epoch(start)},
                        {"token_age_max_seconds",
                         herd ? 0.0
                              : kLongestInterval * static_cast<double>(arguments.lifetime.count())},
                        {"ready_at", epoch(std::chrono::system_clock::now())},
                        {"preload_seconds", std::chrono::duration<double>(preloaded.took).count()},
                        {"preload_failed_requests", preloaded.failed_requests},
                        {"fleet", "http://127.0.0.1:" + std::to_string(nginx.fleet_port())},
                        {"one_replica",
                         "http://127.0.0.1:" + std::to_string(nginx.one_replica_port())},
                        {"cookies", (arguments.work / "cookies.txt").string()},
                        {"redis_used_memory_before", memory_before},
                        {"redis_used_memory_after", memory_after},
                        {"redis_bytes_per_session",
                         static_cast<double>(memory_after - memory_before) / arguments.sessions}}
             .dump()
      << std::endl;

  PhaseLog phases;
  for (std::string phase; std::getline(std::cin, phase);) {
    if (!phase.empty()) phases.begin(phase, std::chrono::system_clock::now(), idp.tally());
  }
  const TimePoint stopped_at = std::chrono::system_clock::now();
  nlohmann::json result = idp.counts();
  result["phases"] = phases.end(stopped_at, idp.tally());
  result["stopped_at"] = epoch(stopped_at);
  result["redis_used_memory_end"] = used_memory(*client);
  result["redis_child_writes"] = rewrites.windows();
  result["nginx_exit"] = nginx.stop();
  nlohmann::json exits = nlohmann::json::array();
  for (auto& replica : replicas) exits.push_back(replica.stop());
  result["replica_exits"] = exits;
  redis_server.stop();
  std::cout << result.dump() << std::endl;
  return 0;
}
