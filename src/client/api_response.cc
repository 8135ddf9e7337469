#include "freshauth/client/api_response.h"

namespace freshauth {

Result<nlohmann::json> ApiResponse::try_json() const {
  auto parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    return Error{Errc::transient,
                 "the API answered " + std::to_string(status) + " with a body that is not JSON",
                 {}};
  }
  return parsed;
}

nlohmann::json ApiResponse::json() const { return try_json().value(); }

}  // namespace freshauth
