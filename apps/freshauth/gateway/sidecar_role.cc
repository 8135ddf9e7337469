#include "freshauth/credentials/session_provider.h"
#include "freshauth/curl/curl_transport.h"
#include "gateway/gateway_flags.h"
#include "gateway/gateway_roles.h"

namespace freshauth::cli {
namespace {

Error usage_error(std::string message) { return {Errc::invalid_argument, std::move(message), {}}; }

}  // namespace

Result<gateway::SidecarOptions> sidecar_options(const GatewayOptions& options,
                                                const CommandContext& context) {
  auto settings = gateway_settings(options, context.env);
  if (!settings) return settings.error();
  auto kind = provider_kind(*settings);
  if (!kind) return kind.error();
  auto password = secret_from_env(context.env, "--password-env", options.password_env);
  if (!password) return password.error();
  auto refresh_token =
      secret_from_env(context.env, "--refresh-token-env", options.refresh_token_env);
  if (!refresh_token) return refresh_token.error();
  if (!*password && !*refresh_token) {
    return usage_error(
        "the sidecar signs in with --username and --password-env VAR, or starts from a refresh "
        "token with --refresh-token-env VAR (or both: the password then signs in again whenever "
        "the session ends)");
  }
  if (*password && !settings->username) return usage_error("--password-env needs --username");
  if (*password && !*refresh_token && *kind == ProviderKind::oauth2) {
    return usage_error(
        "provider oauth2 has no password sign-in: start the sidecar from a refresh token with "
        "--refresh-token-env VAR");
  }
  if (!options.partner_routes.empty() && !settings->partner_id) {
    return usage_error("--partner-route sends X-Preferred-Partner-Id: it needs --partner-id");
  }

  gateway::SidecarOptions sidecar;
  sidecar.allow_remote = options.allow_remote;
  if (*password) sidecar.credentials = Credentials{*settings->username, std::move(**password)};
  sidecar.refresh_token = std::move(*refresh_token);
  sidecar.context.partner_id = settings->partner_id.value_or("");
  sidecar.clock = context.clock;
  // The provider exactly as `freshauth login` makes it (oauth2: discovery happens here).
  auto provider = make_session_provider(*settings, std::make_shared<CurlTransport>());
  if (!provider) return provider.error();
  sidecar.authenticator = provider->authenticator;
  return sidecar;
}

}  // namespace freshauth::cli
