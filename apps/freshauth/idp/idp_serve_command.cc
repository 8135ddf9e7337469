#include "idp/idp_serve_command.h"

#include <csignal>
#include <iostream>
#include <mutex>

#include "freshauth/idp/idp_server.h"

namespace freshauth::cli {
namespace {

bool split_listen(const std::string& listen, std::string& host, std::uint16_t& port) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  host = listen.substr(0, colon);
  try {
    const int number = std::stoi(listen.substr(colon + 1));
    if (number < 0 || number > 65535) return false;
    port = static_cast<std::uint16_t>(number);
  } catch (const std::exception&) {
    return false;
  }
  return true;
}

}  // namespace

int run_idp_serve(const IdpServeOptions& options) {
  idp::IdpServerOptions server;
  server.db_path = options.db_path;
  server.issuer = options.issuer;
  server.http.threads = options.threads;
  if (!split_listen(options.listen, server.http.host, server.http.port)) {
    std::cerr << "--listen takes HOST:PORT, e.g. 127.0.0.1:0\n";
    return 2;
  }
  for (const auto& text : options.faults) {
    auto rule = server::parse_fault_rule(text);
    if (!rule) {
      std::cerr << rule.error().message << "\n";
      return 2;
    }
    server.faults.push_back(*rule);
  }
  server.expires_in_overstatement = std::chrono::seconds{options.expires_in_overstatement_seconds};
  static std::mutex log_mutex;
  server.log = [](std::string_view line) {
    std::lock_guard lock{log_mutex};
    std::cerr << "freshauth idp: " << line << std::endl;
  };
  if (options.access_log) {
    server.http.access_log = [](const server::AccessLogEntry& entry) {
      std::lock_guard lock{log_mutex};
      std::cerr << entry.remote_address << " " << entry.method << " " << entry.path << " "
                << entry.status << " " << entry.duration.count() << "us\n";
    };
  }

  // Block the signals before the worker threads start so only sigwait below receives them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto started = idp::IdpServer::start(std::move(server));
  if (!started) {
    std::cerr << "freshauth idp serve: " << started.error().message << "\n";
    return 1;
  }
  std::cout << "listening on " << (*started)->base_url() << "\n"
            << "issuer " << (*started)->issuer() << std::endl;
  int received = 0;
  sigwait(&signals, &received);
  std::cerr << "freshauth idp: stopping\n";
  (*started)->stop();
  return 0;
}

}  // namespace freshauth::cli
