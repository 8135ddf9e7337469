#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "freshauth/core/clock.h"

namespace freshauth::idp {

// What an authorization code stands for, and what redeeming it must match.
struct AuthorizationGrant {
  std::string username;
  std::string client_id;
  std::string redirect_uri;
  std::string code_challenge;  // S256
  TimePoint auth_time;
  std::string nonce;  // OpenID Connect: echoed in the id token; empty when the client sent none
};

// OAuth 2.0 authorization codes: random, single-use, short-lived. Kept in memory (a restart
// only costs a pending sign-in) and by hash, so a memory dump does not hand them out.
// Thread-safe.
class AuthorizationCodes {
 public:
  explicit AuthorizationCodes(std::shared_ptr<const Clock> clock,
                              std::chrono::seconds lifetime = std::chrono::minutes{5});

  std::string issue(AuthorizationGrant grant);
  // The grant, once: the code is gone after this call whether or not the caller accepts it.
  std::optional<AuthorizationGrant> redeem(const std::string& code);

 private:
  struct Pending {
    AuthorizationGrant grant;
    TimePoint expires_at;
  };
  void forget_expired(TimePoint now);

  std::shared_ptr<const Clock> clock_;
  std::chrono::seconds lifetime_;
  std::mutex mutex_;
  std::map<std::string, Pending> codes_;  // by sha256_hex(code)
};

}  // namespace freshauth::idp
