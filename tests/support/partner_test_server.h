#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "freshauth/core/clock.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace freshauth::testing {

// How one call to an endpoint is answered instead of the server's normal behaviour.
struct ScriptedReply {
  enum class Fault { none, truncated_body, drop_after_headers };

  int status = 200;
  std::optional<std::string> body;  // default: what the endpoint would have said
  std::chrono::milliseconds delay{0};
  std::optional<std::string> retry_after;
  Fault fault = Fault::none;
};

struct RecordedCall {
  std::string method;
  std::string path;
  std::string body;
  std::string authorization;
  std::string partner_id;
};

// The partner auth API plus an echoing /api/* on 127.0.0.1, an ephemeral port, for tests and
// benchmarks. Mints JWT-shaped tokens (sub, iat, exp) on the given clock, counts calls per
// endpoint and answers from a per-endpoint script when one is queued.
//
// Endpoints: "POST /auth", "PUT /auth/challenge/mfa-token", "POST /auth/refresh_token",
// "POST /auth/logout", and "API" for any method on /api/...
class PartnerTestServer {
 public:
  static constexpr const char* kPassword = "correct horse battery staple";
  static constexpr const char* kMfaUser = "mfa-user";  // always challenged
  static constexpr const char* kMfaCode = "123456";
  static constexpr const char* kSignIn = "POST /auth";
  static constexpr const char* kMfa = "PUT /auth/challenge/mfa-token";
  static constexpr const char* kRefresh = "POST /auth/refresh_token";
  static constexpr const char* kLogout = "POST /auth/logout";
  static constexpr const char* kApi = "API";

  explicit PartnerTestServer(const Clock& clock,
                             std::chrono::seconds token_lifetime = std::chrono::hours{1},
                             int threads = 16);
  ~PartnerTestServer();
  PartnerTestServer(const PartnerTestServer&) = delete;
  PartnerTestServer& operator=(const PartnerTestServer&) = delete;

  std::string base_url() const;

  // Queues `reply` for the next call to `endpoint`; queued replies are used in order.
  void script(const std::string& endpoint, ScriptedReply reply);
  // Answers every call to `endpoint` with `reply` (after the queue is empty).
  void script_always(const std::string& endpoint, ScriptedReply reply);

  int calls(const std::string& endpoint) const;
  std::vector<RecordedCall> recorded(const std::string& endpoint) const;

 private:
  struct Answer {
    int status;
    std::string body;
  };
  void handle(const std::string& endpoint, const httplib::Request& request,
              httplib::Response& response);
  Answer answer(const std::string& endpoint, const httplib::Request& request);
  Answer sign_in(const std::string& body);
  Answer mfa(const std::string& body);
  Answer refresh(const std::string& body);
  Answer logout(const std::string& body);
  Answer api(const httplib::Request& request);
  std::string tokens_json(const std::string& username, const std::string* refresh_token);
  std::optional<ScriptedReply> next_script(const std::string& endpoint);
  void wait(std::chrono::milliseconds delay);

  const Clock& clock_;
  const std::chrono::seconds lifetime_;
  std::unique_ptr<httplib::Server> server_;
  int port_ = 0;
  std::thread thread_;

  mutable std::mutex mutex_;
  std::condition_variable stopping_cv_;
  bool stopping_ = false;
  std::map<std::string, std::deque<ScriptedReply>> scripts_;
  std::map<std::string, ScriptedReply> sticky_scripts_;
  std::map<std::string, std::vector<RecordedCall>> calls_;
  std::map<std::string, std::string> refresh_token_owner_;  // live refresh token -> username
  std::map<std::string, std::string> challenges_;           // MFA session -> username
  std::set<std::string> access_tokens_;
  std::atomic<int> minted_{0};
};

}  // namespace freshauth::testing
