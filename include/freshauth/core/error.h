#pragma once

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "freshauth/core/expected.h"

namespace freshauth {

/// The small, closed set of ways an auth operation can fail. Callers branch on these; the message
/// is for humans and never contains a token or a password.
enum class Errc {
  not_signed_in,        ///< no session: sign in first
  session_expired,      ///< the session is dead (refresh token rejected, or an API said 401)
  transient,            ///< network, timeout, 5xx, 429, malformed response: try again later
  mfa_required,         ///< the server asked for a second factor
  invalid_credentials,  ///< sign-in refused: wrong username, password or code
  storage,              ///< the session could not be read or written
  invalid_argument,     ///< the caller passed something unusable
};

std::string_view to_string(Errc code);

struct Error {
  Errc code;
  std::string message;
  /// For transient failures: how long the server asked us to wait (429/503 Retry-After).
  std::optional<std::chrono::seconds> retry_after;
  /// For failures that were an HTTP answer: its status, so callers can branch on 403 vs 404.
  std::optional<int> http_status = std::nullopt;

  std::string describe() const;
};

/// Thrown by the throwing variants of the API; carries the same Error.
class AuthError : public std::runtime_error {
 public:
  explicit AuthError(Error error);
  const Error& error() const noexcept { return error_; }
  Errc code() const noexcept { return error_.code; }

 private:
  Error error_;
};

/// Makes Result<T>::value() throw AuthError (the customization point of Expected).
[[noreturn]] void throw_as_exception(const Error& error);

/// A value or an Error: the non-throwing face of the API.
template <class T>
using Result = Expected<T, Error>;

}  // namespace freshauth
