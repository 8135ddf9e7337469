#include "support/partner_test_server.h"

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <nlohmann/json.hpp>

#include "core/token_claims.h"
#include "support/test_tokens.h"

namespace freshauth::testing {
namespace {

using nlohmann::json;

const char* kUnauthorized = R"({"error":"NotAuthorized","message":"not authorized"})";

std::optional<json> parse(const std::string& body) {
  auto parsed = json::parse(body, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object()) return std::nullopt;
  return parsed;
}

std::string string_or_empty(const json& object, const char* name) {
  const auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

// cpp-httplib 0.11 listens with a backlog of 5, so a burst of concurrent connects loses SYNs and
// waits a second for the retransmission. It does not expose its socket: find the listening
// socket on `port` and listen() again, which on Linux only raises the backlog.
void widen_listen_backlog(int port) {
  constexpr int kMaxFd = 4096;
  for (int fd = 3; fd < kMaxFd; ++fd) {
    int listening = 0;
    socklen_t length = sizeof(listening);
    if (::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &listening, &length) != 0 || !listening) {
      continue;
    }
    sockaddr_in address{};
    socklen_t address_length = sizeof(address);
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &address_length) == 0 &&
        address.sin_family == AF_INET && ntohs(address.sin_port) == port) {
      ::listen(fd, SOMAXCONN);
      return;
    }
  }
}

}  // namespace

PartnerTestServer::PartnerTestServer(const Clock& clock, std::chrono::seconds token_lifetime,
                                     int threads)
    : clock_(clock), lifetime_(token_lifetime), server_(std::make_unique<httplib::Server>()) {
  server_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server_->set_keep_alive_max_count(1'000'000);
  server_->set_keep_alive_timeout(2);
  server_->set_tcp_nodelay(true);  // else Nagle and delayed ACKs add 40 ms to every answer
  auto route = [this](const std::string& endpoint) {
    return [this, endpoint](const httplib::Request& request, httplib::Response& response) {
      handle(endpoint, request, response);
    };
  };
  server_->Post("/auth", route(kSignIn));
  server_->Put("/auth/challenge/mfa-token", route(kMfa));
  server_->Post("/auth/refresh_token", route(kRefresh));
  server_->Post("/auth/logout", route(kLogout));
  server_->Get(R"(/api/.*)", route(kApi));
  server_->Post(R"(/api/.*)", route(kApi));
  server_->Put(R"(/api/.*)", route(kApi));
  server_->Delete(R"(/api/.*)", route(kApi));
  port_ = server_->bind_to_any_port("127.0.0.1");
  if (port_ <= 0) throw std::runtime_error("test server: cannot bind 127.0.0.1");
  widen_listen_backlog(port_);
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  // stop() is a no-op until the accept loop runs; a test that ends at once must still stop it.
  while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds{1});
}

PartnerTestServer::~PartnerTestServer() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stopping_cv_.notify_all();
  server_->stop();
  thread_.join();
}

std::string PartnerTestServer::base_url() const {
  return "http://127.0.0.1:" + std::to_string(port_);
}

void PartnerTestServer::script(const std::string& endpoint, ScriptedReply reply) {
  const std::lock_guard lock(mutex_);
  scripts_[endpoint].push_back(std::move(reply));
}

void PartnerTestServer::script_always(const std::string& endpoint, ScriptedReply reply) {
  const std::lock_guard lock(mutex_);
  sticky_scripts_[endpoint] = std::move(reply);
}

int PartnerTestServer::calls(const std::string& endpoint) const {
  const std::lock_guard lock(mutex_);
  const auto it = calls_.find(endpoint);
  return it == calls_.end() ? 0 : static_cast<int>(it->second.size());
}

std::vector<RecordedCall> PartnerTestServer::recorded(const std::string& endpoint) const {
  const std::lock_guard lock(mutex_);
  const auto it = calls_.find(endpoint);
  return it == calls_.end() ? std::vector<RecordedCall>{} : it->second;
}

std::optional<ScriptedReply> PartnerTestServer::next_script(const std::string& endpoint) {
  const std::lock_guard lock(mutex_);
  if (auto it = scripts_.find(endpoint); it != scripts_.end() && !it->second.empty()) {
    ScriptedReply reply = std::move(it->second.front());
    it->second.pop_front();
    return reply;
  }
  if (auto it = sticky_scripts_.find(endpoint); it != sticky_scripts_.end()) return it->second;
  return std::nullopt;
}

void PartnerTestServer::wait(std::chrono::milliseconds delay) {
  std::unique_lock lock(mutex_);
  stopping_cv_.wait_for(lock, delay, [this] { return stopping_; });
}

void PartnerTestServer::handle(const std::string& endpoint, const httplib::Request& request,
                               httplib::Response& response) {
  {
    const std::lock_guard lock(mutex_);
    calls_[endpoint].push_back({request.method, request.path, request.body,
                                request.get_header_value("Authorization"),
                                request.get_header_value("X-Preferred-Partner-Id")});
  }
  const std::optional<ScriptedReply> scripted = next_script(endpoint);
  if (scripted && scripted->delay.count() > 0) wait(scripted->delay);
  Answer normal = scripted && scripted->body ? Answer{200, ""} : answer(endpoint, request);
  const int status = scripted ? scripted->status : normal.status;
  const std::string body = scripted && scripted->body ? *scripted->body : normal.body;

  response.status = status;
  if (scripted && scripted->retry_after) {
    response.set_header("Retry-After", *scripted->retry_after);
  }
  const auto fault = scripted ? scripted->fault : ScriptedReply::Fault::none;
  if (fault == ScriptedReply::Fault::none) {
    if (status != 204) response.set_content(body, "application/json");
    return;
  }
  // Announce the whole body, send part of it (or none), then close: a truncated transfer.
  const std::size_t sent = fault == ScriptedReply::Fault::truncated_body ? body.size() / 2 : 0;
  response.set_content_provider(
      body.size() + 1, "application/json",
      [body, sent](std::size_t /*offset*/, std::size_t /*length*/, httplib::DataSink& sink) {
        if (sent > 0) sink.write(body.data(), sent);
        return false;
      });
}

PartnerTestServer::Answer PartnerTestServer::answer(const std::string& endpoint,
                                                    const httplib::Request& request) {
  if (endpoint == kSignIn) return sign_in(request.body);
  if (endpoint == kMfa) return mfa(request.body);
  if (endpoint == kRefresh) return refresh(request.body);
  if (endpoint == kLogout) return logout(request.body);
  return api(request);
}

std::string PartnerTestServer::tokens_json(const std::string& username,
                                           const std::string* refresh_token) {
  const TimePoint now = clock_.now();
  const auto iat = to_epoch_seconds(now).count();
  const std::lock_guard lock(mutex_);
  const std::string id = std::to_string(++minted_);
  const std::string access = make_token({{"sub", username},
                                         {"token_use", "access"},
                                         {"iat", iat},
                                         {"exp", iat + lifetime_.count()},
                                         {"jti", "access-" + id}});
  const std::string id_token = make_token({{"sub", username},
                                           {"token_use", "id"},
                                           {"iat", iat},
                                           {"exp", iat + lifetime_.count()},
                                           {"jti", "id-" + id}});
  access_tokens_.insert(access);
  json body = {{"AccessToken", access},
               {"IdToken", id_token},
               {"TokenType", "Bearer"},
               {"ExpiresIn", lifetime_.count()}};
  if (refresh_token != nullptr) {
    body["RefreshToken"] = *refresh_token;
    refresh_token_owner_[*refresh_token] = username;
  }
  return body.dump();
}

PartnerTestServer::Answer PartnerTestServer::sign_in(const std::string& body) {
  const auto request = parse(body);
  if (!request) return {400, R"({"error":"BadRequest"})"};
  const std::string username = string_or_empty(*request, "username");
  if (string_or_empty(*request, "password") != kPassword) return {401, kUnauthorized};
  if (username == kMfaUser) {
    const std::lock_guard lock(mutex_);
    const std::string session = "mfa-session-" + std::to_string(++minted_);
    challenges_[session] = username;
    return {200, json{{"Challenge", "SOFTWARE_TOKEN_MFA"}, {"Session", session}}.dump()};
  }
  const std::string refresh_token = "REFRESH-SECRET-" + username + "-" + std::to_string(++minted_);
  return {200, tokens_json(username, &refresh_token)};
}

PartnerTestServer::Answer PartnerTestServer::mfa(const std::string& body) {
  const auto request = parse(body);
  if (!request) return {400, R"({"error":"BadRequest"})"};
  const std::string username = string_or_empty(*request, "username");
  {
    const std::lock_guard lock(mutex_);
    const auto it = challenges_.find(string_or_empty(*request, "session"));
    if (it == challenges_.end() || it->second != username ||
        string_or_empty(*request, "code") != kMfaCode) {
      return {401, kUnauthorized};
    }
    challenges_.erase(it);
  }
  const std::string refresh_token = "REFRESH-SECRET-" + username + "-mfa";
  return {200, tokens_json(username, &refresh_token)};
}

PartnerTestServer::Answer PartnerTestServer::refresh(const std::string& body) {
  const auto request = parse(body);
  if (!request) return {400, R"({"error":"BadRequest"})"};
  std::string username;
  {
    const std::lock_guard lock(mutex_);
    const auto it = refresh_token_owner_.find(string_or_empty(*request, "token"));
    if (it == refresh_token_owner_.end()) return {401, kUnauthorized};
    username = it->second;
  }
  return {200, tokens_json(username, nullptr)};  // the partner API never rotates it
}

PartnerTestServer::Answer PartnerTestServer::logout(const std::string& body) {
  const auto request = parse(body);
  if (!request) return {400, R"({"error":"BadRequest"})"};
  const std::lock_guard lock(mutex_);
  refresh_token_owner_.erase(string_or_empty(*request, "token"));
  return {204, ""};
}

PartnerTestServer::Answer PartnerTestServer::api(const httplib::Request& request) {
  const std::string authorization = request.get_header_value("Authorization");
  const std::string token =
      authorization.starts_with("Bearer ") ? authorization.substr(7) : std::string{};
  {
    const std::lock_guard lock(mutex_);
    if (access_tokens_.count(token) == 0) return {401, kUnauthorized};
  }
  const auto claims = decode_claims(token);
  if (!claims || !claims->exp || !(clock_.now() < from_epoch_seconds(*claims->exp))) {
    return {401, kUnauthorized};
  }
  return {200, json{{"path", request.path},
                    {"method", request.method},
                    {"partner", request.get_header_value("X-Preferred-Partner-Id")}}
                   .dump()};
}

}  // namespace freshauth::testing
