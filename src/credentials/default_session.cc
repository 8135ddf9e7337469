#include "cli_session.h"

#include "freshauth/http/curl_transport.h"

namespace freshauth::cli {

RefreshPolicy command_line_refresh_policy() {
  RefreshPolicy policy;
  policy.serve_current_in_soft_window = false;
  return policy;
}

Result<CliSession> open_session(SessionStores stores) {
  auto provider = make_session_provider(stores.settings, std::make_shared<CurlTransport>());
  if (!provider) return provider.error();
  CliSession session;
  session.provider = std::move(*provider);
  SessionEngineOptions options;
  options.policy = command_line_refresh_policy();
  options.store = stores.store;
  session.engine =
      std::make_unique<SessionEngine>(session.provider.authenticator, std::move(options));
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
  if (!record) return {};
  auto recorded_kind = provider_kind(record->settings);
  const std::string recorded =
      recorded_kind ? server_of(*recorded_kind, record->settings) : std::string{};
  if (!recorded.empty() && recorded != session.endpoint()) {
    return Error{Errc::invalid_argument,
                 "the session of profile " + profile.name + " was created at " + recorded +
                     ", not at " + session.endpoint() +
                     " (its refresh token goes only to the server that issued it); run `" +
                     login_hint(profile.name) +
                     "` to sign in there, or drop the setting that names another server",
                 {}};
  }
  return {};
}

}  // namespace freshauth::cli
