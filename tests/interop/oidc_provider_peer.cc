#include "interop/oidc_provider_peer.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thread>
#include <vector>

#include "freshauth/http/curl_transport.h"

namespace freshauth::testing {
namespace {

using nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

constexpr std::chrono::seconds kStartDeadline{30};
constexpr std::chrono::seconds kStopDeadline{10};

// The first line the child writes, or "" when it writes none before the deadline.
std::string read_first_line(int fd, SteadyClock::time_point deadline) {
  std::string line;
  while (SteadyClock::now() < deadline) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
    pollfd waiting{.fd = fd, .events = POLLIN, .revents = 0};
    if (::poll(&waiting, 1, static_cast<int>(left.count()) + 1) <= 0) break;
    char c = 0;
    if (::read(fd, &c, 1) != 1) break;
    if (c == '\n') return line;
    line.push_back(c);
  }
  return {};
}

std::string auth_method_name(ClientAuthMethod method) {
  switch (method) {
    case ClientAuthMethod::none:
      return "none";
    case ClientAuthMethod::client_secret_basic:
      return "client_secret_basic";
    case ClientAuthMethod::client_secret_post:
      return "client_secret_post";
  }
  return "";
}

int sum(const json& counts) {
  int total = 0;
  for (const auto& [name, count] : counts.items()) total += count.get<int>();
  return total;
}

}  // namespace

OidcProviderPeer::OidcProviderPeer(const std::filesystem::path& source_dir,
                                   OidcProviderPeerOptions options) {
  const std::vector<std::string> argv_strings{
      "node",
      (source_dir / "tests/interop/oidc_provider_server.mjs").string(),
      std::string{"--rotate="} + (options.rotate_refresh_tokens ? "on" : "off"),
      "--access-token-ttl=" + std::to_string(options.access_token_ttl.count()),
  };
  std::vector<char*> argv;
  for (const auto& arg : argv_strings) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);

  int to_child[2];
  int from_child[2];
  if (::pipe2(to_child, O_CLOEXEC) != 0) return;
  if (::pipe2(from_child, O_CLOEXEC) != 0) {
    ::close(to_child[0]);
    ::close(to_child[1]);
    return;
  }
  pid_ = ::fork();
  if (pid_ == 0) {
    ::dup2(to_child[0], STDIN_FILENO);
    ::dup2(from_child[1], STDOUT_FILENO);
    ::execvp("node", argv.data());
    ::_exit(127);
  }
  ::close(to_child[0]);
  ::close(from_child[1]);
  stdin_ = to_child[1];
  const std::string line = read_first_line(from_child[0], SteadyClock::now() + kStartDeadline);
  ::close(from_child[0]);
  if (!line.empty()) announcement_ = json::parse(line, nullptr, false);
  if (announcement_.is_discarded()) announcement_ = nullptr;
}

OidcProviderPeer::~OidcProviderPeer() {
  if (stdin_ >= 0) ::close(stdin_);
  if (pid_ <= 0) return;
  const auto deadline = SteadyClock::now() + kStopDeadline;
  int status = 0;
  while (::waitpid(pid_, &status, WNOHANG) == 0) {
    if (SteadyClock::now() >= deadline) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds{20});
  }
}

std::string OidcProviderPeer::issuer() const { return announcement_.value("issuer", ""); }

OAuth2Client OidcProviderPeer::client(ClientAuthMethod method) const {
  OAuth2Client client;
  client.auth_method = method;
  for (const auto& entry : announcement_.value("clients", json::array())) {
    if (entry.value("token_endpoint_auth_method", "") != auth_method_name(method)) continue;
    client.client_id = entry.value("client_id", "");
    if (entry.contains("client_secret")) client.client_secret = entry["client_secret"];
  }
  return client;
}

std::string OidcProviderPeer::user_login() const {
  return announcement_.value("user", json::object()).value("login", "");
}

std::string OidcProviderPeer::user_password() const {
  return announcement_.value("user", json::object()).value("password", "");
}

Result<OidcProviderStats> OidcProviderPeer::stats() const {
  CurlTransport transport;
  HttpRequest request;
  request.url = announcement_.value("stats_url", "");
  auto response = transport.send(request);
  if (!response.ok() || response->status != 200) {
    return Error{Errc::transient, "GET /__test/stats of the oidc-provider harness failed"};
  }
  const json body = json::parse(response->body, nullptr, false);
  if (!body.is_object()) return Error{Errc::transient, "/__test/stats answered no JSON object"};
  OidcProviderStats stats;
  const json grants = body.value("grants", json::object());
  for (const auto& [type, count] : grants.items()) {
    stats.grants[type] = count.get<int>();
  }
  stats.refresh_grants = stats.grants.contains("refresh_token") ? stats.grants["refresh_token"] : 0;
  const json refresh_errors =
      body.value("grant_errors", json::object()).value("refresh_token", json::object());
  stats.refresh_errors = sum(refresh_errors);
  stats.refresh_invalid_grants = refresh_errors.value("invalid_grant", 0);
  stats.refresh_token_reuse = body.value("refresh_token_reuse", 0);
  stats.revoked_grants = body.value("revoked_grants", 0);
  stats.revocations = body.value("revocations", 0);
  stats.introspections = body.value("introspections", 0);
  return stats;
}

}  // namespace freshauth::testing
