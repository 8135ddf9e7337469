#pragma once

#include <memory>
#include <string>

#include "freshauth/core/clock.h"
#include "freshauth/core/executor.h"
#include "freshauth/core/session_table.h"
#include "freshauth/gateway/bff_gateway.h"
#include "freshauth/providers/oauth2_authenticator.h"
#include "freshauth/server/async_handler.h"
#include "freshauth/server/router.h"
#include "gateway/csrf_policy.h"
#include "gateway/gateway_metrics.h"
#include "gateway/pending_login_store.h"

// The BFF's /auth/ routes: login (redirect to the provider with PKCE S256, state and nonce, bound
// to this browser by a short-lived login cookie), callback (the code exchanged server-side, a new
// session id every time, so a planted id is never adopted), logout (revoke, forget, clear the
// cookie) and session (who, until when: never a token). Pending sign-ins wait in `pending`,
// which login and callback use on the blocking pool, never on a server thread.
namespace freshauth::gateway {

struct SignInSettings {
  OAuth2Endpoints endpoints;
  OAuth2Client client;
  std::string redirect_uri;
  std::chrono::seconds cookie_lifetime;  // the session's absolute timeout
};

class SignInRoutes {
 public:
  SignInRoutes(SignInSettings settings, std::shared_ptr<OAuth2Authenticator> provider,
               std::shared_ptr<SessionTable> table, std::shared_ptr<PendingLoginStore> pending,
               std::shared_ptr<const Clock> clock, CsrfPolicy csrf,
               std::shared_ptr<GatewayMetrics> metrics, Executor blocking_work);

  void add_to(server::Router& router);

 private:
  void login(const server::ServerRequest& request, const server::Responder& respond);
  void callback(const server::ServerRequest& request, const server::Responder& respond);
  void logout(const server::ServerRequest& request, const server::Responder& respond);
  server::ServerResponse session(const server::ServerRequest& request) const;

  SignInSettings settings_;
  std::shared_ptr<OAuth2Authenticator> provider_;
  std::shared_ptr<SessionTable> table_;
  std::shared_ptr<PendingLoginStore> pending_;
  std::shared_ptr<const Clock> clock_;
  CsrfPolicy csrf_;
  std::shared_ptr<GatewayMetrics> metrics_;
  // The code exchange and a shared pending-login store are network calls: never on a server
  // thread.
  Executor blocking_work_;
};

// The session id from the request's Cookie header, when it carries exactly one well-formed one.
std::optional<std::string> request_session_id(const server::ServerRequest& request);

}  // namespace freshauth::gateway
