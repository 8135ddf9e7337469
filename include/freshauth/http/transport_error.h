#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace freshauth {

/// Why no HTTP response arrived. Every kind is worth retrying later except invalid_request.
enum class TransportErrc {
  connect_failed,   ///< DNS, refused, unreachable
  timeout,          ///< connect or whole-call timeout
  tls,              ///< handshake or certificate verification
  connection_lost,  ///< closed early: nothing received, or a truncated body
  invalid_request,  ///< bad URL or option: a programming error, retrying will not help
  other,
};

std::string_view to_string(TransportErrc code);

struct TransportError {
  TransportErrc code;
  std::string message;  ///< names the URL and the failure, never headers or bodies
  int curl_code = 0;    ///< CURLcode, for diagnostics

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
