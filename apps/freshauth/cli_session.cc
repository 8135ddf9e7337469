#include "cli_session.h"

#include "freshauth/http/curl_transport.h"

namespace freshauth::cli {

RefreshPolicy command_line_refresh_policy() {
  RefreshPolicy policy;
  policy.serve_current_in_soft_window = false;
  return policy;
}

CliSession open_session(SessionStores stores) {
  CliSession session;
  session.authenticator = std::make_shared<PartnerAuthenticator>(PartnerAuthenticatorOptions{
      stores.settings.endpoint.value_or(""), false, std::make_shared<CurlTransport>()});
  SessionEngineOptions options;
  options.policy = command_line_refresh_policy();
  options.store = stores.store;
  session.engine = std::make_unique<SessionEngine>(session.authenticator, std::move(options));
  session.stores = std::move(stores);
  return session;
}

Result<void> restore_session(CliSession& session) {
  const auto& profile = session.stores.profile;
  auto restored = session.engine->restore();
  if (!restored) return restored.error();
  if (!*restored) {
    return Error{Errc::not_signed_in, "not signed in (profile " + profile.name + ")", {}};
  }
  const auto& record = session.stores.record;
  if (record && profile.settings.endpoint && *profile.settings.endpoint != record->endpoint) {
    return Error{Errc::invalid_argument,
                 "the session of profile " + profile.name + " was created at " + record->endpoint +
                     ", not at " + *profile.settings.endpoint +
                     " (its refresh token goes only to the server that issued it); run `" +
                     login_hint(profile.name) + "` to sign in there, or drop the endpoint setting",
                 {}};
  }
  if (session.endpoint().empty()) {
    return Error{Errc::invalid_argument,
                 "no endpoint is known for profile " + profile.name +
                     ": pass --endpoint or set endpoint in its config",
                 {}};
  }
  return {};
}

}  // namespace freshauth::cli
