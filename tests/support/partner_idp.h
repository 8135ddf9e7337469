#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "freshauth/core/clock.h"
#include "freshauth/idp/idp_server.h"

namespace freshauth::testing {

struct PartnerIdpOptions {
  std::vector<std::string> users = {"alice", "bob", "bench"};  // besides PartnerIdp::kMfaUser
  int threads = 4;
};

// The embedded idp with its partner API, for tests and benchmarks: 127.0.0.1, an ephemeral port,
// a private folder, the caller's clock, 1-hour tokens. The users sign in with kPassword; kMfaUser
// is always challenged for a TOTP code (mfa_code()). faults() scripts replies per route path and
// records the calls each route received (server::FaultPlan).
class PartnerIdp {
 public:
  static constexpr const char* kPassword = "correct horse battery staple";
  static constexpr const char* kMfaUser = "mfa-user";
  static constexpr const char* kSignIn = "/auth";
  static constexpr const char* kMfa = "/auth/challenge/mfa-token";  // PUT
  static constexpr const char* kRefresh = "/auth/refresh_token";
  static constexpr const char* kLogout = "/auth/logout";
  static constexpr const char* kApi = "/api/user";  // GET, bearer token and partner id

  // Throws std::runtime_error when the idp cannot start.
  explicit PartnerIdp(std::shared_ptr<const Clock> clock, PartnerIdpOptions options = {});
  ~PartnerIdp();
  PartnerIdp(const PartnerIdp&) = delete;
  PartnerIdp& operator=(const PartnerIdp&) = delete;

  std::string base_url() const { return server_->base_url(); }
  // kMfaUser's code for the clock's current time step (each step's code is accepted once).
  std::string mfa_code() const;
  server::FaultPlan& faults() { return server_->faults(); }

 private:
  std::shared_ptr<const Clock> clock_;
  std::filesystem::path dir_;  // private to this idp, removed with it
  std::string mfa_secret_;
  std::unique_ptr<idp::IdpServer> server_;
};

}  // namespace freshauth::testing
