#include "freshauth/core/error.h"

namespace freshauth {

std::string_view to_string(Errc code) {
  switch (code) {
    case Errc::not_signed_in:
      return "not_signed_in";
    case Errc::session_expired:
      return "session_expired";
    case Errc::transient:
      return "transient";
    case Errc::mfa_required:
      return "mfa_required";
    case Errc::invalid_credentials:
      return "invalid_credentials";
    case Errc::storage:
      return "storage";
    case Errc::invalid_argument:
      return "invalid_argument";
  }
  return "unknown";
}

std::string Error::describe() const {
  std::string text{to_string(code)};
  if (!message.empty()) text += ": " + message;
  return text;
}

AuthError::AuthError(Error error)
    : std::runtime_error(error.describe()), error_(std::move(error)) {}

void throw_as_exception(const Error& error) { throw AuthError(error); }

}  // namespace freshauth
