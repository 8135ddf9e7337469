#pragma once

#include <memory>

#include "freshauth/core/clock.h"
#include "freshauth/verify/key_source.h"
#include "freshauth/verify/token_verifier.h"
#include "freshauth/verify/verifier_config.h"

namespace freshauth {

/// Verifies a compact JWS against `keys` and `config`: size, structure, algorithm pinned to the
/// key, signature (OpenSSL), then exp / nbf / iss / token_use / client / scopes at clock.now().
class JwtVerifier final : public TokenVerifier {
 public:
  /// `clock` must outlive the verifier.
  JwtVerifier(VerifierConfig config, std::shared_ptr<KeySource> keys, const Clock& clock);

  VerifyResult verify(std::string_view token) override;

 private:
  VerifierConfig config_;
  std::shared_ptr<KeySource> keys_;
  const Clock& clock_;
};

}  // namespace freshauth
