#pragma once

#include <optional>
#include <string>
#include <vector>

#include "freshauth/credentials/profile.h"

namespace freshauth::cli {

// `freshauth gateway`'s command line. Secrets are never flag values: the *_env fields name the
// environment variable holding one, key_file the file holding the session-encryption key.
struct GatewayOptions {
  bool sidecar = false;  // the service-facing role; the browser-facing BFF otherwise
  std::string listen = "127.0.0.1:8080";
  std::vector<std::string> routes;                  // PREFIX=URL
  std::vector<std::string> partner_routes;          // PREFIX=URL, with X-Preferred-Partner-Id
  std::vector<std::string> routes_without_session;  // PREFIX=URL: no session, no credentials
  ProfileRequest profile;   // provider, endpoint, issuer, client id, username...
  bool access_log = false;  // a JSON line per request on stderr
  std::optional<std::string> client_secret_env;

  // BFF
  std::optional<std::string> redirect_uri;
  std::vector<std::string> allowed_origins;
  std::optional<std::string> session_db;
  std::optional<std::string> key_file;
  std::optional<std::string> redis;               // redis://host:port/db or unix:/path
  std::optional<std::string> redis_password_env;  // variable holding the Redis password
  std::string redis_prefix = "freshauth:";
  std::string idle_timeout = "30m";
  std::string absolute_timeout = "12h";

  // sidecar
  std::optional<std::string> password_env;
  std::optional<std::string> refresh_token_env;
  bool allow_remote = false;
};

}  // namespace freshauth::cli
