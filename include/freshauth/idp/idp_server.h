#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "freshauth/core/clock.h"
#include "freshauth/core/error.h"
#include "freshauth/idp/idp_admin.h"
#include "freshauth/idp/idp_policies.h"
#include "freshauth/server/fault_injection.h"
#include "freshauth/server/http_server.h"

namespace freshauth::idp {

class IdpService;  ///< the server's internals, for tests of the idp itself

struct IdpServerOptions {
  std::filesystem::path db_path;
  server::HttpServerOptions http;
  std::string issuer;  ///< empty: http://HOST:PORT once bound
  std::shared_ptr<const Clock> clock = std::make_shared<SystemClock>();
  PasswordCost password_cost = PasswordCost::interactive;
  MfaPolicy mfa_policy;
  ThrottlePolicy wrong_passwords;           ///< per username
  std::vector<server::FaultRule> faults;    ///< none by default
  std::optional<std::uint64_t> fault_seed;  ///< reproducible faults; default: random
  /// Tests only: every route records its calls and answers what faults() scripts.
  bool scripted_faults = false;
  /// Dev and tests only: ExpiresIn / expires_in say the access token lives this much longer than
  /// its exp claim does (partner API, Cognito JSON API, OAuth2). Logged loudly when set.
  std::chrono::seconds expires_in_overstatement{0};
  /// Operational messages (never secrets); default: none.
  std::function<void(std::string_view)> log;
};

/// The embedded auth server: storage + service + routes on an HttpServer, listening once created.
class IdpServer {
 public:
  static Result<std::unique_ptr<IdpServer>> start(IdpServerOptions options);
  ~IdpServer();

  std::uint16_t port() const { return http_->port(); }
  const std::string& issuer() const;
  std::string base_url() const;
  IdpService& service() { return *service_; }
  /// Provisioning on the server's own storage: changes are visible to the next request.
  IdpAdmin admin();
  /// The rules in force and, with IdpServerOptions::scripted_faults, the script and the calls.
  server::FaultPlan& faults() { return faults_; }
  void stop() { http_->stop(); }

 private:
  IdpServer() = default;
  std::unique_ptr<IdpService> service_;
  server::FaultPlan faults_;
  std::unique_ptr<server::HttpServer> http_;  ///< last: stopped and destroyed first
  std::string host_;
};

}  // namespace freshauth::idp
