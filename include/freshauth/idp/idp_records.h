#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace freshauth::idp {

/// How long each token an app client receives lives.
struct TokenLifetimes {
  std::chrono::seconds access{3600};
  std::chrono::seconds id{3600};
  std::chrono::seconds refresh{30 * 24 * 3600};
};

/// An app client as stored: what the token endpoints authenticate and issue for.
struct AppClient {
  std::string client_id;
  std::string name;
  std::optional<std::string> secret;
  std::vector<std::string> callback_urls;
  TokenLifetimes lifetimes;
};

/// What registering an app client asks for; the id (and secret) are generated.
struct NewAppClient {
  std::string name;
  bool generate_secret = false;
  std::vector<std::string> callback_urls;
  TokenLifetimes lifetimes;
};

/// A user as the directory describes it; the password hash never leaves the storage.
struct User {
  std::string username;
  std::string sub;                         ///< stable id, a UUID as Cognito issues them
  std::optional<std::string> totp_secret;  ///< base32; present when MFA is on
};

struct NewUser {
  std::string username;
  std::string password;
  bool totp = false;
};

}  // namespace freshauth::idp
