#include "freshauth/credentials/default_session.h"

#include "freshauth/curl/curl_transport.h"

namespace freshauth {
namespace {

Error not_signed_in(const std::string& profile) {
  return {Errc::not_signed_in, "not signed in (profile " + profile + ")", {}};
}

}  // namespace

Result<DefaultSession> open_session(SessionStores stores, DefaultSessionOptions options) {
  auto transport =
      options.transport ? std::move(options.transport) : std::make_shared<CurlTransport>();
  auto provider = make_session_provider(stores.settings, std::move(transport));
  if (!provider) return provider.error();
  DefaultSession session;
  session.provider = std::move(*provider);
  options.engine.store = stores.store;
  session.engine =
      std::make_unique<SessionEngine>(session.provider.authenticator, std::move(options.engine));
  session.stores = std::move(stores);
  return session;
}

Result<void> restore_session(DefaultSession& session) {
  const auto& profile = session.stores.profile;
  auto restored = session.engine->restore();
  if (!restored) return restored.error();
  if (!*restored) return not_signed_in(profile.name);
  const auto& recorded = session.stores.recorded;
  if (!recorded) return {};
  auto recorded_kind = provider_kind(*recorded);
  const std::string server = recorded_kind ? server_of(*recorded_kind, *recorded) : std::string{};
  if (!server.empty() && server != session.endpoint()) {
    return Error{Errc::invalid_argument,
                 "the session of profile " + profile.name + " was created at " + server +
                     ", not at " + session.endpoint() +
                     " (its refresh token goes only to the server that issued it); run `" +
                     login_hint(profile.name) +
                     "` to sign in there, or drop the setting that names another server",
                 {}};
  }
  return {};
}

Result<DefaultSession> open_signed_in_session(SessionStores stores, DefaultSessionOptions options) {
  // Not being signed in is what to report then, before any setting the session would need.
  if (auto stored = stores.store->load(); stored && !*stored) {
    return not_signed_in(stores.profile.name);
  }
  auto opened = open_session(std::move(stores), std::move(options));
  if (!opened) return opened.error();
  if (auto restored = restore_session(*opened); !restored) return restored.error();
  return opened;
}

Result<DefaultSession> open_default_session(const ProfileRequest& request,
                                            DefaultSessionOptions options) {
  auto profile = resolve_profile(request, options.environment);
  if (!profile) return profile.error();
  auto stores = open_stores(std::move(*profile), options.environment, /*create=*/false);
  if (!stores) return stores.error();
  const std::string name = stores->profile.name;
  auto session = open_signed_in_session(std::move(*stores), std::move(options));
  if (!session && session.error().code == Errc::not_signed_in) {
    Error error = session.error();
    error.message += ": run `" + login_hint(name) + "`";
    return error;
  }
  return session;
}

}  // namespace freshauth
