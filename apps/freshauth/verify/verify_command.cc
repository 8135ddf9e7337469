#include "verify/verify_command.h"

#include <istream>
#include <iterator>
#include <memory>
#include <string>

#include "common/command_help.h"
#include "common/exit_codes.h"
#include "freshauth/core/clock.h"
#include "freshauth/curl/curl_transport.h"
#include "freshauth/verify/jwks_provider.h"
#include "freshauth/verify/jwt_verifier.h"
#include "freshauth/verify/revocation_checking_verifier.h"

namespace freshauth::cli {
namespace {

bool is_url(const std::string& location) {
  return location.starts_with("https://") || location.starts_with("http://");
}

Result<std::shared_ptr<JwksProvider>> load_keys(const VerifyOptions& options, const Clock& clock) {
  if (!is_url(options.jwks)) return JwksProvider::from_file(options.jwks, clock);
  JwksProviderOptions provider_options;
  provider_options.allow_plain_http = options.allow_http;
  return JwksProvider::from_uri(options.jwks, std::make_shared<CurlTransport>(), clock,
                                std::move(provider_options));
}

std::string trimmed(std::string text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  const auto last = text.find_last_not_of(" \t\r\n");
  return first == std::string::npos ? std::string{} : text.substr(first, last - first + 1);
}

bool is_loopback_http(const std::string& url) {
  for (const char* prefix : {"http://127.0.0.1:", "http://127.0.0.1/", "http://localhost:",
                             "http://localhost/", "http://[::1]:", "http://[::1]/"}) {
    if (url.starts_with(prefix)) return true;
  }
  return false;
}

// The signature check, plus the issuer's word that the token is still active when asked for.
Result<std::shared_ptr<TokenVerifier>> with_revocation_check(std::shared_ptr<TokenVerifier> inner,
                                                             const VerifyOptions& options,
                                                             const Environment& env) {
  if (options.introspect.empty()) return inner;
  const auto secret = env(kIntrospectSecretVariable);
  if (options.introspect_client_id.empty() || !secret) {
    return Error{
        Errc::invalid_argument,
        std::string{"--introspect needs --introspect-client-id and the client secret in "} +
            kIntrospectSecretVariable,
        {}};
  }
  if (!options.introspect.starts_with("https://") && !options.allow_http &&
      !is_loopback_http(options.introspect)) {
    return Error{Errc::invalid_argument,
                 "--introspect sends the client secret: use https:// (http:// only for loopback, "
                 "or with --allow-http)",
                 {}};
  }
  IntrospectionClientOptions client{options.introspect, options.introspect_client_id, *secret};
  if (options.introspect_auth == "post") client.auth_method = ClientAuthMethod::client_secret_post;
  auto introspection =
      std::make_shared<IntrospectionClient>(std::make_shared<CurlTransport>(), std::move(client));
  return std::shared_ptr<TokenVerifier>{
      std::make_shared<RevocationCheckingVerifier>(std::move(inner), std::move(introspection))};
}

int usage(CommandContext& context, const std::string& message, std::string_view next) {
  context.err << "freshauth verify: " << message << ": " << next << "\n";
  return kExitUsage;
}

}  // namespace

int run(const VerifyOptions& options, CommandContext& context) {
  std::string token = options.token;
  if (token.empty() || token == "-") {
    token.assign(std::istreambuf_iterator<char>(context.in), std::istreambuf_iterator<char>());
  }
  token = trimmed(std::move(token));
  const Clock& clock = *context.clock;
  auto keys = load_keys(options, clock);
  if (!keys) {
    return usage(context, keys.error().message,
                 "check --jwks (a JWKS file, or the issuer's https:// jwks_uri)");
  }
  VerifierConfig config;
  config.issuer = options.issuer;
  config.token_use = options.token_use == "id" ? TokenUse::id : TokenUse::access;
  config.client_ids = options.client_ids;
  config.required_scopes = options.scopes;
  config.leeway = std::chrono::seconds{options.leeway_seconds};
  auto verifier = with_revocation_check(
      std::make_shared<JwtVerifier>(std::move(config), *keys, clock), options, context.env);
  if (!verifier) return usage(context, verifier.error().message, "see `freshauth verify --help`");
  const auto result = (*verifier)->verify(token);
  if (!result) {
    context.err << "freshauth verify: refused: " << result.error().describe() << "\n";
    context.out << nlohmann::json{{"valid", false},
                                  {"reason", to_string(result.error().reason)},
                                  {"message", result.error().message}}
                       .dump()
                << "\n";
    return kExitFailed;
  }
  context.out << result->claims->dump(2) << "\n";
  return kExitOk;
}

void add_verify_command(CLI::App& app, CommandContext& context, int& exit_code) {
  auto options = std::make_shared<VerifyOptions>();
  auto* verify = add_command(
      app, "verify", "Verify an access or id token as a backend would",
      "Verify an access or id token (signature with the issuer's JWKS, expiry, issuer, token use, "
      "app client) as a backend would.\n"
      "With --introspect, also ask the issuer's RFC 7662 introspection endpoint whether the token "
      "is still active (reason revoked if not, revocation_unknown if it cannot be asked).\n"
      "Output is data: the claims, or {\"valid\":false,\"reason\",\"message\"}, as JSON on "
      "stdout." +
          exit_codes_help({{kExitOk, "valid (the claims as JSON on stdout)"},
                           {kExitFailed,
                            "refused (the reason on stderr, {\"valid\":false,\"reason\":...} on "
                            "stdout)"},
                           {kExitUsage, "usage: bad option, or a JWKS that cannot be used"}}));
  verify
      ->add_option("--issuer", options->issuer,
                   "Expected iss, e.g. https://cognito-idp.<region>.amazonaws.com/<pool>")
      ->required();
  verify
      ->add_option("--jwks", options->jwks,
                   "JWKS file path, or https:// URL (http:// for loopback)")
      ->required();
  verify->add_option("--token-use", options->token_use, "Expected token_use")
      ->check(CLI::IsMember({"access", "id"}))
      ->capture_default_str();
  verify->add_option("--client-id", options->client_ids, "Allowed app client (repeatable)")
      ->allow_extra_args(false)
      ->required();
  verify->add_option("--scope", options->scopes, "Required scope (repeatable)")
      ->allow_extra_args(false);
  verify->add_option("--leeway", options->leeway_seconds, "Seconds of tolerance for exp/nbf")
      ->check(CLI::Range(0, 300))
      ->capture_default_str();
  verify->add_flag("--allow-http", options->allow_http,
                   "Allow a plain http:// JWKS or introspection URL on a non-loopback host");
  verify->add_option("--introspect", options->introspect,
                     "RFC 7662 introspection endpoint URL: refuse tokens the issuer has revoked");
  verify->add_option("--introspect-client-id", options->introspect_client_id,
                     std::string{"Client id for --introspect; its secret is read from "} +
                         kIntrospectSecretVariable + " (never a flag)");
  verify->add_option("--introspect-auth", options->introspect_auth, "Client authentication")
      ->check(CLI::IsMember({"basic", "post"}))
      ->capture_default_str();
  verify->add_option("token", options->token, "The token; omitted or '-': read from stdin");
  run_on_parse(*verify, options, context, exit_code);
}

}  // namespace freshauth::cli
