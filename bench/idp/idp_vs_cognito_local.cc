// The embedded idp (`freshauth idp serve`) against cognito-local, the server a developer would
// otherwise run, in the same run with the same load driver (libcurl's multi interface, keep-alive
// connections, one thread). Each server is pinned with taskset to one CPU and the driver to
// another; the two servers take turns, in alternating order, for --rounds rounds:
//   refresh   InitiateAuth REFRESH_TOKEN_AUTH (Cognito's JSON API) on both
//   GetUser   GetUser with the access token on both (cognito-local has no /api/user)
//   /api/user the idp's GET /api/user, against cognito-local's GetUser of the same round
// Prints each round and, per workload, the median and min..max of the ratio idp / cognito-local.
// Exit 77 with "BASELINE MISSING" on stderr when node or node_modules/cognito-local is missing.
//
// --profile=FILE instead runs only the idp under refresh load for --seconds while
// `perf record --call-graph dwarf` samples it into FILE (bench/idp/flame_graph.py draws it).
#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "cognito_call_load.h"
#include "interop/cognito_local_peer.h"
#include "round_measurements.h"
#include "served_idp.h"

namespace {

using freshauth::bench::LoadRequest;
using freshauth::bench::LoadResult;
using Json = nlohmann::json;

constexpr int kExitBaselineMissing = 77;

struct Options {
  int rounds = 5;
  int seconds = 3;
  int connections = 8;
  int idp_threads = 1;
  bool refresh_only = false;  ///< skip GetUser and /api/user (e.g. for an idp without GetUser)
  std::string profile;        ///< perf.data path: profile the idp's refreshes instead of comparing
  std::string idp_cli = FRESHAUTH_CLI;  ///< another build's freshauth, to compare builds
};

std::optional<Options> parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto value = [&](const char* name, int& out) {
      const std::string prefix = std::string{"--"} + name + "=";
      if (!arg.starts_with(prefix)) return false;
      out = std::atoi(arg.c_str() + prefix.size());
      return out > 0;
    };
    if (arg.starts_with("--benchmark_")) continue;  // `./dev bench ARGS` passes them to every bench
    if (arg.starts_with("--profile=")) {
      options.profile = arg.substr(std::string_view{"--profile="}.size());
      continue;
    }
    if (arg == "--refresh-only") {
      options.refresh_only = true;
      continue;
    }
    if (arg.starts_with("--idp-cli=")) {
      options.idp_cli = arg.substr(std::string_view{"--idp-cli="}.size());
      continue;
    }
    if (!value("rounds", options.rounds) && !value("seconds", options.seconds) &&
        !value("connections", options.connections) && !value("idp-threads", options.idp_threads)) {
      std::cerr << "usage: " << argv[0]
                << " [--rounds=5] [--seconds=3] [--connections=8] [--idp-threads=1] "
                   "[--refresh-only] [--profile=perf.data] [--idp-cli=PATH/freshauth]\n";
      return std::nullopt;
    }
  }
  return options;
}

bool on_path(const std::string& program) {
  const char* path = std::getenv("PATH");  // NOLINT(concurrency-mt-unsafe): no threads yet
  std::string dirs = path != nullptr ? path : "";
  for (std::size_t start = 0; start <= dirs.size();) {
    const std::size_t end = std::min(dirs.find(':', start), dirs.size());
    const std::string candidate = dirs.substr(start, end - start) + "/" + program;
    if (::access(candidate.c_str(), X_OK) == 0) return true;
    start = end + 1;
  }
  return false;
}

std::string load_average() {
  std::ifstream in{"/proc/loadavg"};
  std::string one;
  std::string five;
  in >> one >> five;
  return one + " (1 min), " + five + " (5 min)";
}

// The first two CPUs this process may run on: servers on the first, the driver on the second.
std::optional<std::pair<int, int>> two_cpus() {
  cpu_set_t allowed;
  if (sched_getaffinity(0, sizeof allowed, &allowed) != 0) return std::nullopt;
  std::vector<int> cpus;
  for (int cpu = 0; cpu < CPU_SETSIZE && cpus.size() < 2; ++cpu) {
    if (CPU_ISSET(cpu, &allowed)) cpus.push_back(cpu);
  }
  if (cpus.size() < 2) return std::nullopt;
  return std::pair{cpus[0], cpus[1]};
}

void pin_self(int cpu) {
  cpu_set_t only;
  CPU_ZERO(&only);
  CPU_SET(cpu, &only);
  sched_setaffinity(0, sizeof only, &only);
}

// One server's endpoint with a signed-in session.
struct Target {
  std::string endpoint;
  std::string client_id;
  std::string refresh_token;
  std::string access_token;
};

std::optional<Target> sign_in(const std::string& endpoint, const std::string& client_id,
                              const std::string& username, const std::string& password) {
  const Json request = {{"AuthFlow", "USER_PASSWORD_AUTH"},
                        {"ClientId", client_id},
                        {"AuthParameters", {{"USERNAME", username}, {"PASSWORD", password}}}};
  const std::string answer = freshauth::bench::call_once(
      {endpoint, "InitiateAuth", request.dump(), {}, {}, "\"RefreshToken\""});
  const Json parsed = Json::parse(answer, nullptr, false);
  if (!parsed.is_object() || !parsed.contains("AuthenticationResult")) return std::nullopt;
  const Json& result = parsed["AuthenticationResult"];
  return Target{endpoint, client_id, result.value("RefreshToken", ""),
                result.value("AccessToken", "")};
}

LoadRequest refresh(const Target& target) {
  const Json body = {{"AuthFlow", "REFRESH_TOKEN_AUTH"},
                     {"ClientId", target.client_id},
                     {"AuthParameters", {{"REFRESH_TOKEN", target.refresh_token}}}};
  return {target.endpoint, "InitiateAuth", body.dump(), {}, {}, "\"AccessToken\""};
}

LoadRequest get_user(const Target& target) {
  const Json body = {{"AccessToken", target.access_token}};
  return {target.endpoint, "GetUser", body.dump(), {}, {}, "\"Username\""};
}

LoadRequest api_user(const Target& target) {
  return {target.endpoint + "api/user",
          {},
          {},
          target.access_token,
          "X-Preferred-Partner-Id: partner-bench",
          "\"sub\""};
}

// Refresh load on the idp alone while perf samples it (on the driver's CPU, not the server's).
int profile_refreshes(const Options& options, const std::vector<std::string>& launcher) {
  freshauth::bench::ServedIdp idp{options.idp_cli, options.idp_threads, launcher};
  const auto session = idp.endpoint().empty() ? std::nullopt
                                              : sign_in(idp.endpoint(), idp.client_id(),
                                                        freshauth::bench::ServedIdp::kUsername,
                                                        freshauth::bench::ServedIdp::kPassword);
  if (!session) {
    std::cerr << "freshauth idp serve did not start or sign in (its stderr above says why)\n";
    return 1;
  }
  freshauth::platform::ProcessSpec perf;
  perf.argv = {"perf",
               "record",
               "--call-graph",
               "dwarf,16384",
               "-F",
               "999",
               "-e",
               "cpu-clock",
               "-o",
               options.profile,
               "-p",
               std::to_string(idp.pid()),
               "--",
               "sleep",
               std::to_string(options.seconds)};
  auto recording = freshauth::platform::Process::start(perf);
  if (!recording) {
    std::cerr << "cannot start perf (Debian: apt-get install linux-perf)\n";
    return 1;
  }
  std::this_thread::sleep_for(std::chrono::milliseconds{500});  // perf attaches
  const LoadResult load = freshauth::bench::run_load(
      refresh(*session), options.connections, idp.pid(), {}, std::chrono::seconds{options.seconds});
  const auto status = recording->wait(freshauth::platform::deadline_in(std::chrono::minutes{2}));
  std::printf(
      "idp refresh under perf: %.0f /s, %.0f us CPU per refresh (%lld failed); samples in "
      "%s\n",
      load.rate(), load.cpu_per_answer() * 1e6, static_cast<long long>(load.failed),
      options.profile.c_str());
  return status && status->code == 0 && load.failed == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const auto options = parse(argc, argv);
  if (!options) return 2;
  const std::filesystem::path root = FRESHAUTH_SOURCE_DIR;
  std::vector<std::string> launcher;
  const auto cpus = two_cpus();
  if (cpus) {
    launcher = {"taskset", "-c", std::to_string(cpus->first)};
    pin_self(cpus->second);
  } else {
    std::cerr << "WARNING: fewer than two CPUs: servers and driver share one, nothing pinned\n";
  }
  if (!options->profile.empty()) return profile_refreshes(*options, launcher);
  if (!on_path("node") || !std::filesystem::exists(root / "node_modules/cognito-local")) {
    std::cerr << "BASELINE MISSING: cognito-local needs node on PATH and "
                 "node_modules/cognito-local (run `npm ci` in "
              << root.string() << "); no idp figure is printed without it\n";
    return kExitBaselineMissing;
  }

  freshauth::testing::CognitoLocalPeer cognito{root, std::chrono::hours{1}, launcher};
  if (!cognito.running()) {
    std::cerr << "cognito-local did not start (its stderr above says why)\n";
    return 1;
  }
  freshauth::bench::ServedIdp idp{options->idp_cli, options->idp_threads, launcher};
  if (idp.endpoint().empty()) {
    std::cerr << "freshauth idp serve did not start (its stderr above says why)\n";
    return 1;
  }
  const auto idp_session =
      sign_in(idp.endpoint(), idp.client_id(), freshauth::bench::ServedIdp::kUsername,
              freshauth::bench::ServedIdp::kPassword);
  const auto cognito_session = sign_in(cognito.get("endpoint"), cognito.get("clientId"),
                                       cognito.get("username"), cognito.get("password"));
  if (!idp_session || !cognito_session) {
    std::cerr << "signing in failed on " << (idp_session ? "cognito-local" : "the idp") << "\n";
    return 1;
  }

  std::printf(
      "freshauth idp serve (%d thread%s) vs cognito-local, %d rounds of %d s per side, %d "
      "connections, %s; nice %d; load average %s\n",
      options->idp_threads, options->idp_threads == 1 ? "" : "s", options->rounds, options->seconds,
      options->connections,
      cpus ? ("servers on CPU " + std::to_string(cpus->first) + ", driver on CPU " +
              std::to_string(cpus->second))
                 .c_str()
           : "unpinned",
      getpriority(PRIO_PROCESS, 0), load_average().c_str());
  freshauth::bench::RoundMeasurements measurements;
  const auto measure = [&](const std::string& side, const LoadRequest& request, pid_t server) {
    const LoadResult result = freshauth::bench::run_load(request, options->connections, server,
                                                         std::chrono::milliseconds{500},
                                                         std::chrono::seconds{options->seconds});
    measurements.add(side, result);
    return result.answered > 0;
  };
  bool answered = true;
  for (int round = 0; round < options->rounds && answered; ++round) {
    std::printf("round %d\n", round + 1);
    const bool idp_first = round % 2 == 0;  // alternate, so drift favours neither side
    for (const auto& workload : {std::pair{"refresh", &refresh}, std::pair{"GetUser", &get_user}}) {
      if (options->refresh_only && workload.second != &refresh) continue;
      const std::string name = workload.first;
      const auto request = workload.second;
      const auto on_idp = [&] { return measure("idp " + name, request(*idp_session), idp.pid()); };
      const auto on_cognito = [&] {
        return measure("cognito-local " + name, request(*cognito_session), cognito.pid());
      };
      answered = answered && (idp_first ? on_idp() && on_cognito() : on_cognito() && on_idp());
    }
    if (!options->refresh_only) {
      answered = answered && measure("idp /api/user", api_user(*idp_session), idp.pid());
    }
  }
  if (!answered) {
    std::cerr << "a workload got no answer at all: see the failures above\n";
    return 1;
  }
  std::vector<freshauth::bench::RoundMeasurements::Comparison> rows{
      {"refresh (InitiateAuth REFRESH_TOKEN_AUTH)", "idp refresh", "cognito-local refresh"}};
  if (!options->refresh_only) {
    rows.push_back({"GetUser (AccessToken)", "idp GetUser", "cognito-local GetUser"});
    rows.push_back(
        {"idp GET /api/user vs cognito-local GetUser", "idp /api/user", "cognito-local GetUser"});
  }
  measurements.print_summary(rows);
  std::printf(
      "ratio: idp / cognito-local in requests per second; CPU: server CPU time per "
      "answer, ratio cognito-local / idp\n");
  std::printf("load average at the end: %s\n", load_average().c_str());
  if (measurements.failed() > 0) {
    std::cerr << measurements.failed() << " requests failed: the figures above are not valid\n";
    return 1;
  }
  return 0;
}
