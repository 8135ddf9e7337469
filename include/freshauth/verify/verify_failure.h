#pragma once

#include <string>
#include <string_view>

namespace freshauth {

/// Why a token was refused. Closed on purpose: callers map each reason to a response or a metric.
enum class VerifyErrc {
  malformed,  ///< not a compact JWS, bad base64url, non-JSON, too large, too deep, bad claim types
  unsupported_algorithm,  ///< none, HMAC, unknown, or not the algorithm pinned to the key
  unknown_key,            ///< no key with this kid (after the allowed refetch)
  keys_unavailable,       ///< the JWKS could not be fetched and no keys are cached
  bad_signature,
  expired,
  not_yet_valid,
  wrong_issuer,
  wrong_audience,  ///< client_id (access tokens) or aud (id tokens) is not an allowed app client
  wrong_token_use,
  missing_scope,       ///< a required scope or an accepted group is missing
  revoked,             ///< valid signature and claims, but the issuer says it is no longer active
  revocation_unknown,  ///< the issuer could not be asked whether it is still active (fail closed)
};

std::string_view to_string(VerifyErrc reason);

struct VerifyFailure {
  VerifyErrc reason;
  std::string message;  ///< for logs and the 401 description; never contains the token

  std::string describe() const;
};

}  // namespace freshauth
