#include "freshauth/idp/idp_server.h"

#include "idp/api_user_route.h"
#include "idp/cognito_json_api.h"
#include "idp/idp_service.h"
#include "idp/oauth2_routes.h"
#include "idp/partner_routes.h"

namespace freshauth::idp {

Result<std::unique_ptr<IdpServer>> IdpServer::start(IdpServerOptions options) {
  auto storage = IdpStorage::open(options.db_path, options.clock->now(), options.password_cost);
  if (!storage) return storage.error();
  std::unique_ptr<IdpServer> idp{new IdpServer()};
  idp->host_ = options.http.host;
  server::FaultPlan& faults = idp->faults_;
  if (options.fault_seed) faults = server::FaultPlan{*options.fault_seed};
  for (const auto& rule : options.faults) faults.add(rule);
  if (options.scripted_faults) faults.enable_scripting();
  if (options.expires_in_overstatement.count() != 0 && options.log) {
    options.log("DEV ONLY: ExpiresIn OVERSTATED by " +
                std::to_string(options.expires_in_overstatement.count()) +
                " s; clients that trust it will use expired access tokens");
  }
  server::Router router;
  IdpServer* self = idp.get();
  const auto service = [self]() -> IdpService& { return *self->service_; };
  add_partner_routes(router, service);
  add_cognito_json_route(router, service);
  add_api_user_route(router, service);
  add_oauth2_authorize_routes(router, service);
  add_oauth2_token_routes(router, service);
  add_oauth2_introspection_route(router, service);
  // On the finished router: every route honours its rule, and no route family can forget to.
  if (auto applied = faults.apply_to(router); !applied) return applied.error();
  for (const auto& rule : options.faults) {
    if (rule.spec.any() && options.log) {
      options.log("FAULT INJECTION ENABLED on " + rule.path + ": " + rule.spec.describe());
    }
  }
  idp->http_ = std::make_unique<server::HttpServer>(options.http, std::move(router));
  if (auto listening = idp->http_->listen(); !listening) return listening.error();
  std::string issuer = options.issuer.empty() ? idp->base_url() : options.issuer;
  idp->service_ =
      std::make_unique<IdpService>(std::move(*storage), options.clock, std::move(issuer),
                                   IdpServiceOptions{options.mfa_policy, options.wrong_passwords,
                                                     options.expires_in_overstatement});
  if (auto started = idp->http_->start(); !started) return started.error();
  return idp;
}

IdpServer::~IdpServer() {
  faults_.open_gates();  // a call a test still holds must not hold up the stop
  if (http_) http_->stop();
}

const std::string& IdpServer::issuer() const { return service_->issuer(); }

IdpAdmin IdpServer::admin() { return IdpAdmin{service_->storage()}; }

std::string IdpServer::base_url() const {
  return "http://" + host_ + ":" + std::to_string(http_->port());
}

}  // namespace freshauth::idp
