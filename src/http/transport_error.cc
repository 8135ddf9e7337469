#include "freshauth/http/transport_error.h"

namespace freshauth {

std::string_view to_string(TransportErrc code) {
  switch (code) {
    case TransportErrc::connect_failed:
      return "connect_failed";
    case TransportErrc::timeout:
      return "timeout";
    case TransportErrc::tls:
      return "tls";
    case TransportErrc::connection_lost:
      return "connection_lost";
    case TransportErrc::invalid_request:
      return "invalid_request";
    case TransportErrc::other:
      return "other";
    case TransportErrc::no_session:
      return "no_session";
  }
  return "unknown";
}

std::string TransportError::describe() const {
  return std::string{to_string(code)} + ": " + message;
}

TransportException::TransportException(TransportError error)
    : std::runtime_error(error.describe()), error_(std::move(error)) {}

void throw_as_exception(const TransportError& error) { throw TransportException(error); }

}  // namespace freshauth
