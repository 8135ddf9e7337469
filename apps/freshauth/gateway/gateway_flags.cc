#include "gateway/gateway_flags.h"

#include "freshauth/credentials/profile.h"
#include "freshauth/credentials/profile_fields.h"

namespace freshauth::cli {
namespace {

Error usage_error(std::string message) { return {Errc::invalid_argument, std::move(message), {}}; }

enum class RouteKind { session, partner, without_session };

Result<gateway::UpstreamRoute> route_of(std::string_view flag, const std::string& text,
                                        RouteKind kind) {
  const auto equals = text.find('=');
  const std::string prefix = text.substr(0, equals);
  const std::string url = equals == std::string::npos ? "" : text.substr(equals + 1);
  if (prefix.size() < 2 || !prefix.starts_with('/') || !prefix.ends_with('/') ||
      !url.starts_with("http://")) {
    return usage_error(
        std::string{flag} + " takes PREFIX=URL, e.g. /api/=http://127.0.0.1:9000, " +
        "the prefix starting and ending with '/' and the upstream plain http://, not `" + text +
        "`");
  }
  gateway::UpstreamRoute route{prefix, url, kind == RouteKind::partner};
  route.without_session = kind == RouteKind::without_session;
  return route;
}

}  // namespace

Result<std::vector<gateway::UpstreamRoute>> gateway_routes(const GatewayOptions& options) {
  std::vector<gateway::UpstreamRoute> routes;
  for (const auto& [flag, texts, kind] :
       {std::tuple{"--route", &options.routes, RouteKind::session},
        std::tuple{"--partner-route", &options.partner_routes, RouteKind::partner},
        std::tuple{"--route-without-session", &options.routes_without_session,
                   RouteKind::without_session}}) {
    for (const auto& text : *texts) {
      auto route = route_of(flag, text, kind);
      if (!route) return route.error();
      routes.push_back(std::move(*route));
    }
  }
  if (routes.empty()) return usage_error("nothing to proxy: give at least one --route");
  return routes;
}

Result<std::optional<std::string>> secret_from_env(const Environment& env, std::string_view flag,
                                                   const std::optional<std::string>& variable) {
  if (!variable) return std::optional<std::string>{};
  auto value = env(*variable);
  if (!value || value->empty()) {
    return usage_error(std::string{flag} + " names $" + *variable +
                       ", which is not set (secrets are passed in the environment, never as "
                       "flag values)");
  }
  return value;
}

Result<ProfileSettings> gateway_settings(const GatewayOptions& options, const Environment& env) {
  ProfileSettings settings;
  if (options.profile.name || env("FRESHAUTH_PROFILE")) {
    auto profile = resolve_profile(options.profile, env);
    if (!profile) return profile.error();
    settings = std::move(profile->settings);
  } else {
    settings = layered(options.profile.overrides, settings_from_environment(env));
  }
  auto secret = secret_from_env(env, "--client-secret-env", options.client_secret_env);
  if (!secret) return secret.error();
  if (*secret) settings.client_secret = std::move(*secret);
  return settings;
}

std::optional<std::string> flag_of_the_other_role(const GatewayOptions& options) {
  if (options.sidecar) {
    if (options.redirect_uri) return "--redirect-uri";
    if (!options.allowed_origins.empty()) return "--allowed-origin";
    if (options.session_db) return "--session-db";
    if (options.key_file) return "--key-file";
    if (options.redis) return "--redis";
    if (options.redis_password_env) return "--redis-password-env";
    return std::nullopt;
  }
  if (options.password_env) return "--password-env";
  if (options.refresh_token_env) return "--refresh-token-env";
  if (options.profile.overrides.username) return "--username";
  if (options.allow_remote) return "--allow-remote";
  return std::nullopt;
}

}  // namespace freshauth::cli
