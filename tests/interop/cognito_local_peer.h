#pragma once

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/node_peer.h"

namespace freshauth::testing {

// cognito-local (npm) in a child node process running tests/interop/cognito_local_server.mjs on
// 127.0.0.1 and a free port, with one user pool, one app client whose access and id tokens live
// `token_lifetime`, a password user and a TOTP user. Stops when destroyed (its stdin closes).
// `launcher` goes before `node` (see NodePeer).
class CognitoLocalPeer {
 public:
  CognitoLocalPeer(const std::filesystem::path& source_dir, std::chrono::seconds token_lifetime,
                   const std::vector<std::string>& launcher = {});

  // False when node did not start the server within the deadline (its stderr says why).
  bool running() const { return announcement().is_object(); }
  // endpoint, issuer, userPoolId, clientId, username, password, mfaUsername, mfaPassword,
  // totpSecret (base32).
  std::string get(const char* field) const {
    return running() ? announcement().value(field, "") : "";
  }
  pid_t pid() const { return node_.pid(); }
  std::string jwks_uri() const {
    return get("endpoint") + get("userPoolId") + "/.well-known/jwks.json";
  }

 private:
  const nlohmann::json& announcement() const { return node_.announcement(); }

  NodePeer node_;
};

}  // namespace freshauth::testing
