#pragma once

#include <optional>
#include <string>
#include <vector>

#include "freshauth/http/client_auth_method.h"

namespace freshauth {

/// The client as registered at the server.
struct OAuth2Client {
  std::string client_id;
  std::optional<std::string> client_secret;
  ClientAuthMethod auth_method = ClientAuthMethod::none;
  /// Empty: the flows ask for "openid", plus "offline_access" where the server lists it.
  std::vector<std::string> scopes;
};

}  // namespace freshauth
