#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "freshauth/core/error.h"

namespace freshauth {

/// Why no HTTP response arrived. Every kind is worth retrying later except invalid_request, and
/// no_session unless its session_error is transient.
enum class TransportErrc {
  connect_failed,   ///< DNS, refused, unreachable
  timeout,          ///< connect or whole-call timeout
  tls,              ///< handshake or certificate verification
  connection_lost,  ///< closed early: nothing received, or a truncated body
  invalid_request,  ///< bad URL or option: a programming error, retrying will not help
  other,
  no_session,  ///< AuthorizingTransport sent nothing: no usable session (see session_error)
};

std::string_view to_string(TransportErrc code);

struct TransportError {
  TransportErrc code;
  std::string message;  ///< names the URL and the failure, never headers or bodies
  /// The transport's own code (a CURLcode from CurlTransport), for diagnostics.
  int native_code = 0;
  /// With no_session: the engine's reason (not_signed_in, session_expired, or transient when the
  /// token ran out while its refresh was failing).
  std::optional<Error> session_error = std::nullopt;

  std::string describe() const;
};

class TransportException : public std::runtime_error {
 public:
  explicit TransportException(TransportError error);
  const TransportError& error() const noexcept { return error_; }

 private:
  TransportError error_;
};

/// Makes HttpResult::value() throw TransportException (the customization point of Expected).
[[noreturn]] void throw_as_exception(const TransportError& error);

}  // namespace freshauth
