#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "common/command_context.h"

namespace freshauth::cli {

struct VerifyOptions {
  std::string issuer;
  std::string jwks;  // a file, or an http(s) URL
  std::string token_use = "access";
  std::vector<std::string> client_ids;
  std::vector<std::string> scopes;
  int leeway_seconds = 0;
  bool allow_http = false;
  std::string introspect;  // RFC 7662 endpoint; empty: signature and claims only
  std::string introspect_client_id;
  std::string introspect_auth = "basic";
  std::string token;  // empty or "-": read from the context's input
};

// The variable --introspect's client secret comes from (never a flag).
inline constexpr const char* kIntrospectSecretVariable = "FRESHAUTH_INTROSPECT_CLIENT_SECRET";

// `freshauth verify`: checks one access or id token against an issuer's JWKS, as a backend
// would. Valid: its claims as JSON on `out`, 0. Refused: {"valid":false,...} on `out`, the
// reason on `err`, 1. Unusable options or JWKS: 2.
int run(const VerifyOptions& options, CommandContext& context);
void add_verify_command(CLI::App& app, CommandContext& context, int& exit_code);

}  // namespace freshauth::cli
