#include "common/duration_text.h"
#include "freshauth/credentials/session_provider.h"
#include "freshauth/curl/curl_transport.h"
#include "freshauth/redis/endpoint.h"
#include "gateway/gateway_flags.h"
#include "gateway/gateway_roles.h"

namespace freshauth::cli {
namespace {

Error usage_error(std::string message) { return {Errc::invalid_argument, std::move(message), {}}; }

Result<std::chrono::seconds> duration_flag(std::string_view flag, const std::string& text) {
  auto duration = parse_duration(text);
  if (!duration || duration->count() == 0) {
    return usage_error(std::string{flag} + " takes a duration such as 90s, 30m, 12h or 7d, not `" +
                       text + "`");
  }
  return *duration;
}

// Where sessions are kept: --session-db (one machine) or --redis (several replicas), both sealed
// with the key in --key-file; neither: in memory.
Result<void> session_storage(const GatewayOptions& options, const Environment& env,
                             gateway::BffOptions& bff) {
  if (options.session_db && options.redis) {
    return usage_error(
        "--session-db or --redis, not both: one machine keeps sessions in SQLite, "
        "several replicas share them in Redis");
  }
  if ((options.session_db || options.redis) != options.key_file.has_value()) {
    return usage_error(
        "--session-db and --key-file go together (and so do --redis and --key-file): the stored "
        "sessions are sealed with the 32-byte key in the key file (both, or neither to keep "
        "sessions in memory only)");
  }
  if (!options.redis && options.redis_password_env) {
    return usage_error("--redis-password-env goes with --redis");
  }
  if (!options.key_file) return {};
  auto key = EncryptionKey::from_file(*options.key_file);
  if (!key) return usage_error("--key-file: " + key.error().message);
  if (options.session_db) {
    bff.database = gateway::SessionDatabase{*options.session_db, std::move(*key)};
    return {};
  }
  auto endpoint = redis::Endpoint::parse(*options.redis);
  if (!endpoint) return usage_error("--redis: " + endpoint.error().message);
  if (!endpoint->password.empty()) {
    return usage_error(
        "--redis: the password goes in the environment (--redis-password-env "
        "VAR), never on the command line");
  }
  auto password = secret_from_env(env, "--redis-password-env", options.redis_password_env);
  if (!password) return password.error();
  if (*password) endpoint->password = std::move(**password);
  bff.redis = gateway::SessionRedis{std::move(*endpoint), std::move(*key), options.redis_prefix};
  return {};
}

}  // namespace

Result<gateway::BffOptions> bff_options(const GatewayOptions& options,
                                        const CommandContext& context) {
  auto settings = gateway_settings(options, context.env);
  if (!settings) return settings.error();
  if (!settings->issuer) {
    return usage_error("the BFF needs --issuer URL: the OpenID provider users sign in at");
  }
  if (!settings->client_id) return usage_error("the BFF needs --client-id, as registered there");
  if (!options.redirect_uri) {
    return usage_error(
        "the BFF needs --redirect-uri, its /auth/callback as browsers reach it, e.g. "
        "https://app.example.com/auth/callback");
  }
  gateway::BffOptions bff;
  bff.redirect_uri = *options.redirect_uri;
  bff.allowed_origins = options.allowed_origins;
  auto idle = duration_flag("--idle-timeout", options.idle_timeout);
  if (!idle) return idle.error();
  auto absolute = duration_flag("--absolute-timeout", options.absolute_timeout);
  if (!absolute) return absolute.error();
  bff.idle_timeout = *idle;
  bff.absolute_timeout = *absolute;
  if (auto stored = session_storage(options, context.env, bff); !stored) return stored.error();

  // Discovery last: everything above is checked without the network.
  settings->provider = "oauth2";
  auto transport = std::make_shared<CurlTransport>();
  auto provider = make_session_provider(*settings, transport);
  if (!provider) return provider.error();
  bff.endpoints = provider->oauth2->endpoints();
  bff.client = provider->oauth2->client();
  bff.provider_transport = transport;
  bff.clock = context.clock;
  return bff;
}

}  // namespace freshauth::cli
