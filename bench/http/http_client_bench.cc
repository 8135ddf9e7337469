// Authenticated GETs per second through freshauth::Client against the embedded idp's /api/user,
// next to plain libcurl doing the same GET (same server, one reused easy handle per thread, a
// fixed token, no freshauth). The difference is what the library costs per call.
//
//   http_client_bench serve                 the idp alone, until stdin closes; prints its URL
//   http_client_bench calls plain|client N --server=URL   N calls of one side (for callgrind)
//   http_client_bench --server=URL [gbench flags]   both sides against that server
//   http_client_bench [gbench flags]        the idp in this process (client and server share cores)
//
// bench/http/run_client_bench.sh runs the server and the client pinned to separate cores and
// alternates the two sides. Every GET counter `client_cpu_us` is the whole process's CPU time per
// call: with the server in another process, exactly what the client side costs.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <array>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "freshauth/client/client.h"
#include "freshauth/curl/curl_transport.h"
#include "freshauth/http/auth_headers.h"
#include "freshauth/providers/partner_authenticator.h"
#include "plain_curl_get.h"
#include "support/partner_idp.h"

namespace {

using freshauth::testing::PartnerIdp;

std::string& server_url() {
  static std::string url;  // empty: start the idp in this process
  return url;
}

std::unique_ptr<PartnerIdp> start_idp(int threads) {
  return std::make_unique<PartnerIdp>(std::make_shared<freshauth::SystemClock>(),
                                      freshauth::testing::PartnerIdpOptions{.threads = threads});
}

struct World {
  World() {
    if (server_url().empty()) server = start_idp(8);
    const std::string base = server ? server->base_url() : server_url();
    auto transport = std::make_shared<freshauth::CurlTransport>(
        freshauth::CurlTransportOptions{.max_idle_connections = 128});
    engine = std::make_unique<freshauth::SessionEngine>(
        std::make_shared<freshauth::PartnerAuthenticator>(
            freshauth::PartnerAuthenticatorOptions{base, false, transport}));
    engine->sign_in({"bench", PartnerIdp::kPassword}, {"p-bench", {}, {}}).value();
    client =
        std::make_unique<freshauth::Client>(*engine, freshauth::ClientOptions{base, transport, {}});
    url = base + PartnerIdp::kApi;
  }

  std::unique_ptr<PartnerIdp> server;
  std::unique_ptr<freshauth::SessionEngine> engine;
  std::unique_ptr<freshauth::Client> client;
  std::string url;
};

World& world() {
  static World instance;
  return instance;
}

double process_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// Thread 0 measures the process's CPU between Google Benchmark's start and stop barriers; every
// thread runs the same number of iterations, so the calls are iterations x threads.
class ProcessCpuPerCall {
 public:
  explicit ProcessCpuPerCall(const benchmark::State& state)
      : start_(state.thread_index() == 0 ? process_cpu_seconds() : 0) {}
  void report(benchmark::State& state) const {
    state.SetItemsProcessed(state.iterations());
    if (state.thread_index() != 0) return;
    const auto calls = static_cast<double>(state.iterations()) * state.threads();
    state.counters["client_cpu_us"] = (process_cpu_seconds() - start_) * 1e6 / calls;
  }

 private:
  double start_;
};

bool client_get() { return world().client->try_request("GET", PartnerIdp::kApi).ok(); }

// One plain handle per benchmark thread, kept across Google Benchmark's runs as the Client's
// pooled handles are, so neither side connects inside the timed loop.
freshauth::bench::PlainCurlGet& plain_for_thread(int index) {
  constexpr int kMaxThreads = 64;
  static std::array<std::unique_ptr<freshauth::bench::PlainCurlGet>, kMaxThreads> handles;
  auto& handle = handles.at(index);
  if (!handle) {
    // The token is fixed for the run: a hand-written client without refresh logic.
    handle = std::make_unique<freshauth::bench::PlainCurlGet>(
        world().url, freshauth::AuthHeaders::from(world().engine->ensure_fresh()));
  }
  return *handle;
}

void BM_ClientGet(benchmark::State& state) {
  auto& client = *world().client;
  const ProcessCpuPerCall cpu(state);
  for (auto _ : state) {
    auto response = client.try_request("GET", PartnerIdp::kApi);
    if (!response.ok()) state.SkipWithError(response.error().message.c_str());
    benchmark::DoNotOptimize(response);
  }
  cpu.report(state);
}

void BM_PlainCurlGet(benchmark::State& state) {
  auto& plain = plain_for_thread(state.thread_index());
  const ProcessCpuPerCall cpu(state);
  for (auto _ : state) {
    if (!plain.get()) state.SkipWithError("plain curl GET failed");
  }
  cpu.report(state);
}

// The library's own part of a call, without the network: fresh-path check plus header snapshot.
void BM_EnsureFreshAndSnapshot(benchmark::State& state) {
  auto& engine = *world().engine;
  for (auto _ : state) {
    auto headers = freshauth::AuthHeaders::from(engine.ensure_fresh());
    benchmark::DoNotOptimize(headers);
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_PlainCurlGet)->Threads(1)->Threads(64)->UseRealTime();
BENCHMARK(BM_ClientGet)->Threads(1)->Threads(64)->UseRealTime();
BENCHMARK(BM_EnsureFreshAndSnapshot)->Threads(1)->Threads(64)->UseRealTime();

// `count` calls of one side, nothing else, for an instruction count that the machine's load
// does not move: valgrind --tool=callgrind --toggle-collect='*measured_calls*'.
[[gnu::noinline]] bool measured_calls(const std::function<bool()>& call, int count) {
  bool all_ok = true;
  for (int i = 0; i < count; ++i) all_ok = call() && all_ok;
  return all_ok;
}

int count_calls(std::string_view side, int count) {
  std::function<bool()> call;
  if (side == "plain") {
    call = [] { return plain_for_thread(0).get(); };
  } else if (side == "client") {
    call = client_get;
  } else {
    std::cerr << "calls: plain or client\n";
    return 2;
  }
  if (!call()) return 1;  // the first call connects: not counted
  return measured_calls(call, count) ? 0 : 1;
}

// The idp on its own, for a client in another process; one I/O thread suits one pinned core.
int serve() {
  const auto idp = start_idp(1);
  std::cout << idp->base_url() << std::endl;
  std::string ignored;
  while (std::getline(std::cin, ignored)) {
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && std::string_view{argv[1]} == "serve") return serve();
  if (argc == 5 && std::string_view{argv[1]} == "calls") {
    server_url() = std::string_view{argv[4]}.substr(std::string_view{"--server="}.size());
    return count_calls(argv[2], std::stoi(argv[3]));
  }
  constexpr std::string_view kServerFlag = "--server=";
  int kept = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg.starts_with(kServerFlag)) {
      server_url() = arg.substr(kServerFlag.size());
    } else {
      argv[kept++] = argv[i];
    }
  }
  argc = kept;
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
