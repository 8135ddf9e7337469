#include "gateway/gateway_command.h"

#include <pthread.h>

#include <csignal>
#include <mutex>
#include <nlohmann/json.hpp>
#include <ostream>

#include "common/command_errors.h"
#include "common/command_help.h"
#include "common/exit_codes.h"
#include "common/listen_address.h"
#include "common/profile_options.h"
#include "gateway/gateway_flags.h"
#include "gateway/gateway_roles.h"

namespace freshauth::cli {
namespace {

constexpr std::string_view kCommand = "gateway";

int report_start_failure(CommandContext& context, const Error& error) {
  if (error.code == Errc::invalid_argument)
    return report_usage(context.err, kCommand, error.message);
  context.err << "freshauth gateway: " << error.message << "\n";
  return exit_code_for(error);
}

std::string where(const ListenAddress& listen, std::uint16_t port) {
  if (!listen.unix_socket.empty()) return "unix:" + listen.unix_socket;
  const std::string& host = listen.host;
  return "http://" + (host.find(':') != std::string::npos ? "[" + host + "]" : host) + ":" +
         std::to_string(port);
}

// Where it listens and what it proxies: prefixes and upstream URLs, never a secret.
std::string serving_line(std::string_view role, const std::string& where,
                         const std::vector<gateway::UpstreamRoute>& routes) {
  std::string line =
      "freshauth gateway: " + std::string{role} + " listening on " + where + ", proxying";
  for (std::size_t i = 0; i < routes.size(); ++i) {
    line += (i == 0 ? " " : ", ") + routes[i].prefix + " -> " + routes[i].upstream;
    if (routes[i].partner_header) line += " (with X-Preferred-Partner-Id)";
    if (routes[i].without_session) line += " (without a session)";
  }
  return line;
}

// One JSON object per request: who, what, how it ended. The path never has its query (it may
// carry a code); no header is logged, so no cookie or token is either.
std::string access_line(const server::AccessLogEntry& entry) {
  return nlohmann::json{{"remote", entry.remote_address},
                        {"method", entry.method},
                        {"path", entry.path},
                        {"status", entry.status},
                        {"duration_us", entry.duration.count()}}
      .dump();
}

template <class Gateway, class Options>
int serve(CommandContext& context, std::string_view role, Result<Options> options,
          const ListenAddress& listen, const std::vector<gateway::UpstreamRoute>& routes,
          const sigset_t& signals, bool access_log, std::string_view warning = {}) {
  if (!options) return report_start_failure(context, options.error());
  options->http.host = listen.host;
  options->http.port = listen.port;
  options->http.unix_socket = listen.unix_socket;
  options->routes = routes;
  static std::mutex log_mutex;
  options->log = [&err = context.err](std::string_view line) {
    const std::lock_guard lock{log_mutex};
    err << "freshauth gateway: " << line << std::endl;
  };
  if (access_log) {
    options->http.access_log = [&err = context.err](const server::AccessLogEntry& entry) {
      const std::string line = access_line(entry);
      const std::lock_guard lock{log_mutex};
      err << line << std::endl;
    };
  }
  auto started = Gateway::start(std::move(*options));
  if (!started) return report_start_failure(context, started.error());
  {
    const std::lock_guard lock{log_mutex};
    if (!warning.empty()) context.err << "freshauth gateway: WARNING: " << warning << std::endl;
    context.out << serving_line(role, where(listen, (*started)->port()), routes) << std::endl;
  }
  int received = 0;
  sigwait(&signals, &received);
  {
    const std::lock_guard lock{log_mutex};
    context.err << "freshauth gateway: stopping" << std::endl;
  }
  (*started)->stop();
  return kExitOk;
}

}  // namespace

int run(const GatewayOptions& options, CommandContext& context) {
  if (auto flag = flag_of_the_other_role(options)) {
    return report_usage(
        context.err, kCommand,
        *flag + " is for " + (options.sidecar ? "the BFF (without --sidecar)" : "--sidecar"));
  }
  const auto listen = parse_listen_address(options.listen);
  if (!listen) {
    return report_usage(context.err, kCommand,
                        "--listen takes HOST:PORT or unix:PATH (an absolute path), e.g. "
                        "127.0.0.1:8080 or unix:/run/app/sidecar.sock, not `" +
                            options.listen + "`");
  }
  if (!listen->unix_socket.empty() && !options.sidecar) {
    return report_usage(context.err, kCommand,
                        "--listen unix:PATH is for --sidecar: browsers reach the BFF over TCP "
                        "(behind the proxy that terminates TLS), so give it HOST:PORT");
  }
  auto routes = gateway_routes(options);
  if (!routes) return report_usage(context.err, kCommand, routes.error().message);

  // Blocked before any thread starts, so that only sigwait in serve() receives them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigset_t previous;
  pthread_sigmask(SIG_BLOCK, &signals, &previous);
  int exit_code = kExitOk;
  if (options.sidecar) {
    exit_code =
        serve<gateway::SidecarGateway>(context, "sidecar", sidecar_options(options, context),
                                       *listen, *routes, signals, options.access_log);
  } else {
    exit_code = serve<gateway::BffGateway>(
        context, "BFF", bff_options(options, context), *listen, *routes, signals,
        options.access_log,
        options.session_db || options.redis
            ? ""
            : "no --session-db: sessions are kept in memory only, and a restart "
              "signs every user out");
  }
  pthread_sigmask(SIG_SETMASK, &previous, nullptr);
  return exit_code;
}

void add_gateway_command(CLI::App& app, CommandContext& context, int& exit_code) {
  auto options = std::make_shared<GatewayOptions>();
  auto* command = add_command(
      app, "gateway", "Proxy HTTP with fresh tokens: a BFF for browsers, or a sidecar for services",
      "Serve until SIGINT or SIGTERM, forwarding requests on the --route prefixes only, each with "
      "a fresh Authorization header (and X-Preferred-Partner-Id on --partner-route prefixes).\n"
      "BFF (default): users sign in at /auth/login (authorization code + PKCE at --issuer); the "
      "browser gets an opaque session cookie, never a token; API calls need the X-CSRF: 1 header "
      "and, with --allowed-origin, that Origin. Sessions are kept in --session-db, or shared by "
      "several replicas in Redis (--redis, docs/fleet.md), sealed with the key in --key-file "
      "(0600), or in memory only.\n"
      "--sidecar: one service session (partner, cognito or oauth2, as `freshauth login` reads "
      "the settings) for local programs in any language: they send plain HTTP to 127.0.0.1, or "
      "to the Unix socket of --listen unix:PATH (0600: this user's programs only). It signs in "
      "with --username and the password in $VAR (--password-env VAR), or starts from "
      "the refresh token in --refresh-token-env, and signs in again when the session ends "
      "(meanwhile requests get 503 signing_in). /sidecar/status says whether it is signed in.\n"
      "Both serve /healthz and /metrics. Secrets never go on the command line: "
      "--client-secret-env, --password-env, --refresh-token-env and --redis-password-env name "
      "environment variables.\n"
      "Examples: freshauth gateway --issuer https://id.example.com --client-id web "
      "--client-secret-env WEB_SECRET --redirect-uri https://app.example.com/auth/callback "
      "--allowed-origin https://app.example.com --route /api/=http://127.0.0.1:9000 "
      "--session-db /var/lib/app/sessions.db --key-file /etc/app/session.key\n"
      "          freshauth gateway --sidecar --endpoint https://partner.example.com --username "
      "svc --password-env SVC_PASSWORD --partner-id p-1 --partner-route "
      "/api/=http://10.0.0.5:8080\n" +
          exit_codes_help({{kExitOk, "stopped by SIGINT or SIGTERM"},
                           {kExitFailed, "could not start (the port is taken, MFA asked, ...)"},
                           {kExitUsage},
                           {kExitUnreachable, "the provider could not be reached at start"},
                           {kExitWrongCredentials, "wrong username or password for the sidecar"}}));
  command->add_flag("--sidecar", options->sidecar, "Run the service-facing sidecar, not the BFF");
  command->add_option("--listen", options->listen,
                      "HOST:PORT to listen on [127.0.0.1:8080]; with --sidecar also unix:PATH, a "
                      "Unix socket created 0600 (only this user can connect) and removed when "
                      "the sidecar stops (the BFF takes HOST:PORT only)");
  command->add_flag("--access-log", options->access_log,
                    "One JSON line per request on stderr: remote, method, path (no query), "
                    "status, duration; never a header");
  command->add_option("--route", options->routes, "PREFIX=URL to proxy (repeatable)")
      ->allow_extra_args(false);
  command
      ->add_option("--partner-route", options->partner_routes,
                   "PREFIX=URL to proxy with X-Preferred-Partner-Id (repeatable)")
      ->allow_extra_args(false);
  command
      ->add_option("--route-without-session", options->routes_without_session,
                   "PREFIX=URL to proxy for anyone, with no credentials added: the web app's own "
                   "pages (repeatable)")
      ->allow_extra_args(false);
  add_profile_options(*command, options->profile,
                      {"provider", "endpoint", "partner_id", "username", "client_id", "client_auth",
                       "region", "issuer", "scopes"});
  command->add_option("--client-secret-env", options->client_secret_env,
                      "Variable holding the client secret");
  auto* bff = "BFF";
  command->add_option("--redirect-uri", options->redirect_uri, "This gateway's /auth/callback URL")
      ->group(bff);
  command
      ->add_option("--allowed-origin", options->allowed_origins,
                   "Origin allowed to call the API (repeatable)")
      ->allow_extra_args(false)
      ->group(bff);
  command->add_option("--session-db", options->session_db, "SQLite file keeping the sessions")
      ->group(bff);
  command
      ->add_option("--key-file", options->key_file,
                   "File (0600) with the 32-byte key sealing the sessions (64 hex digits)")
      ->group(bff);
  command
      ->add_option("--redis", options->redis,
                   "Redis keeping the sessions for several replicas: redis://HOST[:PORT][/DB] "
                   "or unix:/PATH (no TLS: hiredis 0.14 has none)")
      ->group(bff);
  command
      ->add_option("--redis-password-env", options->redis_password_env,
                   "Variable holding the Redis password")
      ->group(bff);
  command
      ->add_option("--redis-prefix", options->redis_prefix,
                   "Put before every Redis key [freshauth:]")
      ->group(bff);
  command->add_option("--idle-timeout", options->idle_timeout, "Ends unused sessions [30m]")
      ->group(bff);
  command
      ->add_option("--absolute-timeout", options->absolute_timeout,
                   "Ends sessions this long after sign-in [12h]")
      ->group(bff);
  auto* sidecar = "Sidecar";
  command->add_option("--password-env", options->password_env, "Variable holding the password")
      ->group(sidecar);
  command
      ->add_option("--refresh-token-env", options->refresh_token_env,
                   "Variable holding a refresh token to start from")
      ->group(sidecar);
  command
      ->add_flag("--allow-remote", options->allow_remote,
                 "Listen on a non-loopback address (anyone who reaches it uses the session)")
      ->group(sidecar);
  run_on_parse(*command, options, context, exit_code);
}

}  // namespace freshauth::cli
