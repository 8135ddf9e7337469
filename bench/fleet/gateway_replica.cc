#include "gateway_replica.h"

#include <csignal>
#include <regex>

#include "harness.h"

namespace freshauth::bench {
namespace {

using namespace std::chrono_literals;

constexpr auto kStartDeadline = 60s;
constexpr auto kStopDeadline = 30s;

}  // namespace

GatewayReplica GatewayReplica::start(const ReplicaSettings& settings) {
  platform::ProcessSpec spec;
  spec.argv = {settings.binary,
               "gateway",
               "--listen",
               "127.0.0.1:0",
               "--issuer",
               settings.issuer,
               "--client-id",
               settings.client_id,
               "--client-secret-env",
               "BENCH_CLIENT_SECRET",
               "--redirect-uri",
               "https://app.example.com/auth/callback",
               "--route",
               "/api/=" + settings.upstream,
               "--redis",
               settings.redis,
               "--key-file",
               settings.key_file.string()};
  spec.environment =
      std::vector<std::string>{"HOME=" + settings.home.string(), "PATH=/usr/bin:/bin",
                               "BENCH_CLIENT_SECRET=" + settings.client_secret};
  spec.in = platform::Stdio::null;
  spec.out = platform::Stdio::pipe;
  spec.err = platform::Stdio::inherit;
  auto process = platform::Process::start(spec);
  if (!process) fail("cannot start " + settings.binary + ": " + process.error().message());
  const auto line = process->read_line(platform::deadline_in(kStartDeadline));
  std::smatch port;
  if (!line || !std::regex_search(*line, port,
                                  std::regex{R"(BFF listening on http://127\.0\.0\.1:(\d+))"})) {
    fail("a gateway replica did not start (its stderr is above)");
  }
  return GatewayReplica{std::move(*process), static_cast<std::uint16_t>(std::stoi(port[1].str()))};
}

int GatewayReplica::stop() {
  process_.signal(SIGTERM);
  const auto status = process_.wait(platform::deadline_in(kStopDeadline));
  if (!status) {
    process_.kill();
    return -1;
  }
  return status->shell_code();
}

}  // namespace freshauth::bench
