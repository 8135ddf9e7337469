#include "nginx_balancer.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "harness.h"
#include "support/redis_server.h"

namespace freshauth::bench {
namespace {

using namespace std::chrono_literals;

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

bool accepts(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  const bool connected =
      ::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return connected;
}

}  // namespace

NginxBalancer NginxBalancer::start(const std::filesystem::path& config_template,
                                   const std::filesystem::path& dir,
                                   const std::vector<std::uint16_t>& replica_ports) {
  std::ifstream in{config_template};
  if (!in) fail("cannot read " + config_template.string());
  std::stringstream text;
  text << in.rdbuf();
  std::string config = text.str();
  const auto fleet = static_cast<std::uint16_t>(freshauth::testing::RedisServer::free_port());
  const auto one = static_cast<std::uint16_t>(freshauth::testing::RedisServer::free_port());
  std::filesystem::create_directories(dir);
  replace_all(config, "@DIR@", dir.string());
  replace_all(config, "@FLEET_PORT@", std::to_string(fleet));
  replace_all(config, "@ONE_PORT@", std::to_string(one));
  for (std::size_t i = 0; i < replica_ports.size(); ++i) {
    replace_all(config, "@REPLICA_" + std::to_string(i + 1) + "@",
                std::to_string(replica_ports[i]));
  }
  std::ofstream{dir / "nginx.conf"} << config;

  platform::ProcessSpec spec;
  spec.argv = {"nginx",
               "-p",
               dir.string(),
               "-c",
               (dir / "nginx.conf").string(),
               "-e",
               (dir / "error.log").string()};
  spec.in = platform::Stdio::null;
  spec.out = platform::Stdio::inherit;
  spec.err = platform::Stdio::inherit;
  auto process = platform::Process::start(spec);
  if (!process) fail("cannot start nginx: " + process.error().message());
  const auto deadline = platform::deadline_in(30s);
  while (!(accepts(fleet) && accepts(one))) {
    if (std::chrono::steady_clock::now() > deadline)
      fail("nginx did not start: see " + dir.string() + "/error.log");
    std::this_thread::sleep_for(20ms);  // a process starting
  }
  return NginxBalancer{std::move(*process), fleet, one};
}

int NginxBalancer::stop() {
  process_.signal(SIGQUIT);
  const auto status = process_.wait(platform::deadline_in(30s));
  if (!status) {
    process_.kill();
    return -1;
  }
  return status->shell_code();
}

}  // namespace freshauth::bench
