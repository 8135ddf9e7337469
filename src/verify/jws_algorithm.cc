#include "freshauth/verify/jws_algorithm.h"

namespace freshauth {

std::optional<JwsAlgorithm> parse_jws_algorithm(std::string_view name) {
  if (name == "RS256") return JwsAlgorithm::rs256;
  if (name == "RS384") return JwsAlgorithm::rs384;
  if (name == "RS512") return JwsAlgorithm::rs512;
  if (name == "ES256") return JwsAlgorithm::es256;
  if (name == "ES384") return JwsAlgorithm::es384;
  if (name == "EdDSA") return JwsAlgorithm::eddsa;
  return std::nullopt;
}

std::string_view to_string(JwsAlgorithm alg) {
  switch (alg) {
    case JwsAlgorithm::rs256:
      return "RS256";
    case JwsAlgorithm::rs384:
      return "RS384";
    case JwsAlgorithm::rs512:
      return "RS512";
    case JwsAlgorithm::es256:
      return "ES256";
    case JwsAlgorithm::es384:
      return "ES384";
    case JwsAlgorithm::eddsa:
      return "EdDSA";
  }
  return "?";
}

}  // namespace freshauth
