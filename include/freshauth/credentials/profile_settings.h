#pragma once

#include <optional>
#include <string>

namespace freshauth {

/// What one source (flags, FRESHAUTH_* variables, a profile in config.toml, the login record)
/// says about a profile. Unset fields leave the decision to the next source.
struct ProfileSettings {
  std::optional<std::string> provider;    ///< partner (default) | cognito | oauth2
  std::optional<std::string> endpoint;    ///< partner API base URL, or Cognito's custom endpoint
  std::optional<std::string> partner_id;  ///< sent as X-Preferred-Partner-Id
  std::optional<std::string> username;
  std::optional<std::string> api_base;      ///< where `curl` sends relative paths; default endpoint
  std::optional<std::string> secret_store;  ///< file | sodium | command
  std::optional<std::string> secret_command;  ///< credential helper, for secret_store = command
  std::optional<std::string>
      secret_key_file;                   ///< key of the sodium store (else $FRESHAUTH_SECRET_KEY)
  std::optional<std::string> client_id;  ///< cognito, oauth2: the app client
  std::optional<std::string> client_secret;  ///< cognito, oauth2: config or environment only
  std::optional<std::string> client_auth;    ///< oauth2: none | client_secret_basic | _post
  std::optional<std::string> region;         ///< cognito: the user pool's AWS region
  std::optional<std::string> issuer;         ///< oauth2: discovery at \<issuer\>/.well-known/...
  std::optional<std::string> scopes;         ///< oauth2: space-separated
  std::optional<std::string> authorization_endpoint;  ///< oauth2, when not discovered
  std::optional<std::string> token_endpoint;
  std::optional<std::string> revocation_endpoint;
  std::optional<std::string> device_authorization_endpoint;
};

}  // namespace freshauth
