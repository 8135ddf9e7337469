#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <variant>

#include "freshauth/core/error.h"

namespace freshauth {

/// A device the server remembered at sign-in (Cognito's NewDeviceMetadata). Its key goes with
/// every refresh of the session, as DEVICE_KEY or the partner API's device_key.
struct DeviceMetadata {
  std::string device_key;
  std::string device_group_key;
};

/// What a token endpoint answered. `refresh_token` is absent when the server does not rotate it
/// (the partner API never does; some OAuth2 servers do).
struct TokenGrant {
  std::string access_token;
  std::string id_token;
  std::optional<std::string> refresh_token;
  std::optional<std::chrono::seconds> expires_in;
  /// Set when the server registered this device; replaces the session context's device keys.
  std::optional<DeviceMetadata> new_device = std::nullopt;
};

struct Credentials {
  std::string username;
  std::string password;
};

/// The server wants a second factor before it hands out tokens.
struct MfaChallenge {
  std::string name;  ///< e.g. SOFTWARE_TOKEN_MFA
  std::string username;
  std::string session;  ///< opaque, short-lived, single-use
};

using SignInOutcome = std::variant<TokenGrant, MfaChallenge>;

struct RefreshRequest {
  std::string refresh_token;
  std::optional<std::string> device_key;
  std::optional<std::string> device_group_key;
  /// The access token being replaced, for providers that need its claims (Cognito's SECRET_HASH
  /// is keyed by the username). Empty when unknown.
  std::string access_token = {};
};

/// The server side of a session, as the engine sees it. Implementations map their wire errors
/// onto Errc: a rejected refresh token is Errc::session_expired (fatal); network trouble, 5xx,
/// 429 and malformed bodies are Errc::transient (the engine retries with backoff).
class Authenticator {
 public:
  virtual ~Authenticator() = default;
  virtual Result<SignInOutcome> sign_in(const Credentials& credentials) = 0;
  virtual Result<SignInOutcome> respond_to_mfa(const MfaChallenge& challenge,
                                               const std::string& code) = 0;
  virtual Result<TokenGrant> refresh(const RefreshRequest& request) = 0;
  virtual Result<void> revoke(const std::string& refresh_token) = 0;
};

}  // namespace freshauth
