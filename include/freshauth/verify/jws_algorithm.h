#pragma once

#include <optional>
#include <string_view>

namespace freshauth {

/// The signature algorithms the verifier accepts. HMAC and `none` are absent on purpose: a
/// verifier holding only public keys must never accept them.
enum class JwsAlgorithm { rs256, rs384, rs512, es256, es384, eddsa };

std::optional<JwsAlgorithm> parse_jws_algorithm(std::string_view name);
std::string_view to_string(JwsAlgorithm alg);

}  // namespace freshauth
