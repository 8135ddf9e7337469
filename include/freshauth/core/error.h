#pragma once

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace freshauth {

// The small, closed set of ways an auth operation can fail. Callers branch on these; the message
// is for humans and never contains a token or a password.
enum class Errc {
  not_signed_in,        // no session: sign in first
  session_expired,      // the session is dead (refresh token rejected, or an API said 401)
  transient,            // network, timeout, 5xx, 429, malformed response: try again later
  mfa_required,         // the server asked for a second factor
  invalid_credentials,  // sign-in refused: wrong username, password or code
  storage,              // the session could not be read or written
  invalid_argument,     // the caller passed something unusable
};

std::string_view to_string(Errc code);

struct Error {
  Errc code;
  std::string message;
  // For transient failures: how long the server asked us to wait (429/503 Retry-After).
  std::optional<std::chrono::seconds> retry_after;
  // For failures that were an HTTP answer: its status, so callers can branch on 403 vs 404.
  std::optional<int> http_status = std::nullopt;

  std::string describe() const;
};

// Thrown by the throwing variants of the API; carries the same Error.
class AuthError : public std::runtime_error {
 public:
  explicit AuthError(Error error);
  const Error& error() const noexcept { return error_; }
  Errc code() const noexcept { return error_.code; }

 private:
  Error error_;
};

// A value or an Error: the non-throwing face of the API (std::expected arrives with C++23).
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value)
      : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  T& value() & { return get_or_throw(); }
  const T& value() const& { return const_cast<Result*>(this)->get_or_throw(); }
  T&& value() && { return std::move(get_or_throw()); }
  T* operator->() { return &get_or_throw(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return get_or_throw(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { return std::get<1>(state_); }

 private:
  T& get_or_throw() {
    if (!ok()) throw AuthError(std::get<1>(state_));
    return std::get<0>(state_);
  }
  std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const noexcept { return !error_.has_value(); }
  explicit operator bool() const noexcept { return ok(); }
  void value() const {
    if (error_) throw AuthError(*error_);
  }
  const Error& error() const { return *error_; }

 private:
  std::optional<Error> error_;
};

}  // namespace freshauth
