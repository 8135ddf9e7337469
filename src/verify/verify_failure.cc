#include "freshauth/verify/verify_failure.h"

namespace freshauth {

std::string_view to_string(VerifyErrc reason) {
  switch (reason) {
    case VerifyErrc::malformed:
      return "malformed";
    case VerifyErrc::unsupported_algorithm:
      return "unsupported_algorithm";
    case VerifyErrc::unknown_key:
      return "unknown_key";
    case VerifyErrc::keys_unavailable:
      return "keys_unavailable";
    case VerifyErrc::bad_signature:
      return "bad_signature";
    case VerifyErrc::expired:
      return "expired";
    case VerifyErrc::not_yet_valid:
      return "not_yet_valid";
    case VerifyErrc::wrong_issuer:
      return "wrong_issuer";
    case VerifyErrc::wrong_audience:
      return "wrong_audience";
    case VerifyErrc::wrong_token_use:
      return "wrong_token_use";
    case VerifyErrc::missing_scope:
      return "missing_scope";
    case VerifyErrc::revoked:
      return "revoked";
    case VerifyErrc::revocation_unknown:
      return "revocation_unknown";
  }
  return "unknown";
}

std::string VerifyFailure::describe() const {
  return std::string{to_string(reason)} + ": " + message;
}

}  // namespace freshauth
