#pragma once

#include <exception>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

namespace freshauth {

template <class T, class E>
class Expected;

/// Wraps an error so that it converts to an Expected holding that error. Needed only where a value
/// of the error type could also be taken for the value (Expected<T, E> with T == E).
template <class E>
class Unexpected {
 public:
  /// Takes the error.
  explicit Unexpected(E error) : error_(std::move(error)) {}
  /// The wrapped error.
  const E& error() const& noexcept { return error_; }
  /// The wrapped error.
  E& error() & noexcept { return error_; }
  /// The wrapped error, moved out.
  E&& error() && noexcept { return std::move(error_); }

 private:
  E error_;
};

template <class E>
Unexpected(E) -> Unexpected<E>;

/// Tag for constructing an Expected's error in place.
struct Unexpect {
  explicit Unexpect() = default;
};
/// Pass as the first argument to construct the error in place: Expected<T, E>(unexpect, ...).
inline constexpr Unexpect unexpect{};

/// What Expected::value() throws when empty and the error type has no throw_as_exception().
template <class E = void>
class BadExpectedAccess;

/// The common base: catch this to catch every BadExpectedAccess<E>.
template <>
class BadExpectedAccess<void> : public std::exception {
 public:
  /// A fixed message; the error itself is in the derived class.
  const char* what() const noexcept override { return "value() of an Expected holding an error"; }
};

/// Carries a copy of the error that value() found instead of a value.
template <class E>
class BadExpectedAccess : public BadExpectedAccess<void> {
 public:
  /// Copies the error in.
  explicit BadExpectedAccess(E error) : error_(std::move(error)) {}
  /// The error the Expected held.
  const E& error() const noexcept { return error_; }

 private:
  E error_;
};

namespace detail {

/// The customization point: an error type chooses what value() throws by declaring, next to it,
/// `[[noreturn]] void throw_as_exception(const E&)`, found by argument-dependent lookup.
template <class E>
concept ThrowsAsException = requires(const E& error) {
  throw_as_exception(error);
};

template <class E>
[[noreturn]] void throw_bad_access(const E& error) {
  if constexpr (ThrowsAsException<E>) throw_as_exception(error);
  throw BadExpectedAccess<E>(error);  ///< also if a customization returned instead of throwing
}

template <class>
inline constexpr bool kIsExpected = false;
template <class T, class E>
inline constexpr bool kIsExpected<Expected<T, E>> = true;
template <class>
inline constexpr bool kIsUnexpected = false;
template <class E>
inline constexpr bool kIsUnexpected<Unexpected<E>> = true;

}  // namespace detail

/// A T, or the E that explains why there is none: std::expected (C++23) for C++20. Implicitly
/// built from a T (or anything a T converts from) and from an E; for T == E say which with
/// Unexpected{e} or std::in_place. value() on an error throws what the customization point
/// throw_as_exception(const E&) throws, or BadExpectedAccess<E> when E declares none.
template <class T, class E>
class [[nodiscard]] Expected {
  static_assert(!std::is_reference_v<T> && !std::is_reference_v<E>, "store a pointer instead");

 public:
  using value_type = T;
  using error_type = E;

  /// A default-constructed value.
  Expected() requires std::is_default_constructible_v<T> : state_(std::in_place_index<0>) {}

  /// A value, converted from `value`.
  template <class U = T>
  requires(!detail::kIsExpected<std::remove_cvref_t<U>> &&
           !detail::kIsUnexpected<std::remove_cvref_t<U>> && std::is_constructible_v<T, U> &&
           !std::is_same_v<std::remove_cvref_t<U>, std::in_place_t> &&
           !std::is_same_v<std::remove_cvref_t<U>, Unexpect> &&
           (std::is_same_v<T, E> ||
            !std::is_same_v<std::remove_cvref_t<U>, E>)) explicit(!std::is_convertible_v<U, T>)
      Expected(U&& value)  // NOLINT: implicit by design
      : state_(std::in_place_index<0>, std::forward<U>(value)) {}

  /// An error.
  Expected(const E& error)  // NOLINT: implicit by design
      requires(!std::is_same_v<T, E>)
      : state_(std::in_place_index<1>, error) {}
  /// An error.
  Expected(E&& error)  // NOLINT: implicit by design
      requires(!std::is_same_v<T, E>)
      : state_(std::in_place_index<1>, std::move(error)) {}
  /// An error, whatever T is.
  template <class G>
  Expected(Unexpected<G> error)  // NOLINT: implicit by design
      : state_(std::in_place_index<1>, std::move(error).error()) {}

  /// A value built in place.
  template <class... Args>
  explicit Expected(std::in_place_t, Args&&... args)
      : state_(std::in_place_index<0>, std::forward<Args>(args)...) {}
  /// An error built in place.
  template <class... Args>
  explicit Expected(Unexpect, Args&&... args)
      : state_(std::in_place_index<1>, std::forward<Args>(args)...) {}

  /// True when it holds a value.
  bool has_value() const noexcept { return state_.index() == 0; }
  /// Same as has_value(); the name the library used before Expected.
  bool ok() const noexcept { return has_value(); }
  explicit operator bool() const noexcept { return has_value(); }

  /// The value; throws (see the class comment) when it holds an error.
  T& value() & { return checked(*this); }
  const T& value() const& { return checked(*this); }
  T&& value() && { return std::move(checked(*this)); }
  const T&& value() const&& { return std::move(checked(*this)); }

  /// The value without the check (throws std::bad_variant_access when there is none).
  T& operator*() & { return std::get<0>(state_); }
  const T& operator*() const& { return std::get<0>(state_); }
  T&& operator*() && { return std::get<0>(std::move(state_)); }
  T* operator->() { return std::addressof(std::get<0>(state_)); }
  const T* operator->() const { return std::addressof(std::get<0>(state_)); }

  /// The value, or `fallback` converted to T when it holds an error.
  template <class U>
  T value_or(U&& fallback) const& {
    return has_value() ? **this : static_cast<T>(std::forward<U>(fallback));
  }
  template <class U>
  T value_or(U&& fallback) && {
    return has_value() ? std::move(**this) : static_cast<T>(std::forward<U>(fallback));
  }

  /// The error (throws std::bad_variant_access when it holds a value).
  const E& error() const& { return std::get<1>(state_); }
  E& error() & { return std::get<1>(state_); }
  E&& error() && { return std::get<1>(std::move(state_)); }

 private:
  template <class Self>
  static auto& checked(Self& self) {
    if (!self.has_value()) detail::throw_bad_access(std::get<1>(self.state_));
    return std::get<0>(self.state_);
  }

  std::variant<T, E> state_;
};

/// Success with nothing to return, or an E.
template <class E>
class [[nodiscard]] Expected<void, E> {
 public:
  using value_type = void;
  using error_type = E;

  /// Success.
  Expected() = default;
  /// An error.
  Expected(const E& error) : error_(error) {}  // NOLINT: implicit by design
  /// An error.
  Expected(E&& error) : error_(std::move(error)) {}  // NOLINT: implicit by design
  /// An error.
  template <class G>
  Expected(Unexpected<G> error)  // NOLINT: implicit by design
      : error_(std::in_place, std::move(error).error()) {}
  /// An error built in place.
  template <class... Args>
  explicit Expected(Unexpect, Args&&... args)
      : error_(std::in_place, std::forward<Args>(args)...) {}

  /// True on success.
  bool has_value() const noexcept { return !error_.has_value(); }
  /// Same as has_value(); the name the library used before Expected.
  bool ok() const noexcept { return has_value(); }
  explicit operator bool() const noexcept { return has_value(); }

  /// Nothing on success; throws (see Expected<T, E>) on an error.
  void value() const {
    if (error_) detail::throw_bad_access(*error_);
  }
  void operator*() const noexcept {}

  /// The error (throws std::bad_optional_access on success).
  const E& error() const& { return error_.value(); }
  E& error() & { return error_.value(); }
  E&& error() && { return std::move(error_).value(); }

 private:
  std::optional<E> error_;
};

}  // namespace freshauth
