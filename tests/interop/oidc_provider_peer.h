#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "freshauth/core/error.h"
#include "freshauth/providers/oauth2_client.h"
#include "support/node_peer.h"

namespace freshauth::testing {

struct OidcProviderPeerOptions {
  bool rotate_refresh_tokens = true;
  std::chrono::seconds access_token_ttl{4};
};

// What the server saw, from its own /__test/stats route.
struct OidcProviderStats {
  std::map<std::string, int> grants;  // successful token requests by grant_type
  int refresh_grants = 0;             // grants["refresh_token"]
  int refresh_errors = 0;             // refresh_token requests refused, whatever the error
  int refresh_invalid_grants = 0;     // ...with invalid_grant
  int refresh_token_reuse = 0;        // a consumed (rotated-away) refresh token presented again
  int revoked_grants = 0;
  int revocations = 0;
  int introspections = 0;
};

// oidc-provider (npm) in a child node process, running tests/interop/oidc_provider_server.mjs on
// 127.0.0.1 and a free port. It stops when this object is destroyed (its stdin closes). Its
// stderr goes to ours: oidc-provider's warnings and one line per refused token request.
class OidcProviderPeer {
 public:
  OidcProviderPeer(const std::filesystem::path& source_dir, OidcProviderPeerOptions options = {});

  // False when node failed to start the server within the deadline (its stderr says why).
  bool running() const { return announcement().is_object(); }
  std::string issuer() const;
  // The client registered with `method` (public-client, basic-client or post-client).
  OAuth2Client client(ClientAuthMethod method) const;
  std::string user_login() const;
  std::string user_password() const;
  Result<OidcProviderStats> stats() const;

 private:
  const nlohmann::json& announcement() const { return node_.announcement(); }

  NodePeer node_;
};

}  // namespace freshauth::testing
