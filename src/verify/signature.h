#pragma once

#include <string_view>

#include "freshauth/verify/jws_algorithm.h"
#include "freshauth/verify/public_key.h"

namespace freshauth {

// True when `signature` (JWS form: PKCS#1 v1.5 for RSA, r||s for ECDSA, raw for EdDSA) signs
// `signing_input` under `key` with `alg`.
bool signature_matches(const PublicKey& key, JwsAlgorithm alg, std::string_view signing_input,
                       std::string_view signature);

}  // namespace freshauth
