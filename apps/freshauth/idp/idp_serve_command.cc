#include "idp/idp_serve_command.h"

#include <csignal>
#include <filesystem>
#include <mutex>
#include <ostream>

#include "common/exit_codes.h"
#include "common/listen_address.h"
#include "freshauth/idp/idp_server.h"

namespace freshauth::cli {
namespace {

int usage(CommandContext& context, const std::string& message) {
  context.err << "freshauth idp serve: " << message
              << "\nRun `freshauth idp serve --help` for its options.\n";
  return kExitUsage;
}

}  // namespace

int run(const IdpServeOptions& options, CommandContext& context) {
  if (options.expires_in_overstatement_seconds != 0 && !options.database.dev) {
    return usage(context,
                 "--overstate-expires-in makes the server lie; it needs --dev (freshauth idp "
                 "--dev serve ...)");
  }
  idp::IdpServerOptions server;
  server.db_path = idp_db_path(options.database, context.env);
  server.issuer = options.issuer;
  server.http.threads = options.threads;
  const auto listen = parse_listen_address(options.listen);
  if (!listen || !listen->unix_socket.empty()) {  // TCP only: its issuer is an http(s) URL
    return usage(context,
                 "--listen takes HOST:PORT, e.g. 127.0.0.1:0, not `" + options.listen + "`");
  }
  server.http.host = listen->host;
  server.http.port = listen->port;
  for (const auto& text : options.faults) {
    auto rule = server::parse_fault_rule(text);
    if (!rule) {
      return usage(context, "--fault: " + rule.error().message);
    }
    server.faults.push_back(*rule);
  }
  server.expires_in_overstatement = std::chrono::seconds{options.expires_in_overstatement_seconds};
  static std::mutex log_mutex;
  std::ostream& err = context.err;
  server.log = [&err](std::string_view line) {
    std::lock_guard lock{log_mutex};
    err << "freshauth idp: " << line << std::endl;
  };
  if (options.access_log) {
    server.http.access_log = [&err](const server::AccessLogEntry& entry) {
      std::lock_guard lock{log_mutex};
      err << entry.remote_address << " " << entry.method << " " << entry.path << " " << entry.status
          << " " << entry.duration.count() << "us\n";
    };
  }

  // Block the signals before the worker threads start so only sigwait below receives them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  std::error_code ignored;
  const std::filesystem::path db{server.db_path};
  if (db.has_parent_path()) std::filesystem::create_directories(db.parent_path(), ignored);
  auto started = idp::IdpServer::start(std::move(server));
  if (!started) {
    pthread_sigmask(SIG_UNBLOCK, &signals, nullptr);
    context.err << "freshauth idp serve: " << started.error().message
                << ": check --listen (a free port, or 0 for any) and --db\n";
    return kExitFailed;
  }
  context.out << "listening on " << (*started)->base_url() << "\n"
              << "issuer " << (*started)->issuer() << std::endl;
  int received = 0;
  sigwait(&signals, &received);
  err << "freshauth idp: stopping\n";
  (*started)->stop();
  return kExitOk;
}

}  // namespace freshauth::cli
