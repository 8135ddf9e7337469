#include "freshauth/core/token_claims.h"

#include "freshauth/core/base64url.h"

namespace freshauth {
namespace {

constexpr std::size_t kMaxTokenSize = 16 * 1024;

Error malformed(const std::string& why) {
  return Error{Errc::invalid_argument, "malformed token: " + why, {}};
}

std::optional<std::chrono::seconds> numeric_date(const nlohmann::json& payload, const char* name) {
  const auto it = payload.find(name);
  if (it == payload.end()) return std::nullopt;
  if (it->is_number_integer()) return std::chrono::seconds{it->get<std::int64_t>()};
  // NumericDate may be fractional; reject values no clock will ever reach instead of overflowing.
  constexpr double kLimit = 1e15;
  if (it->is_number_float()) {
    const double value = it->get<double>();
    if (value > -kLimit && value < kLimit)
      return std::chrono::seconds{static_cast<std::int64_t>(value)};
  }
  return std::nullopt;
}

}  // namespace

Result<TokenClaims> decode_claims(std::string_view jwt) {
  if (jwt.size() > kMaxTokenSize) return malformed("larger than 16 KiB");
  const auto first_dot = jwt.find('.');
  if (first_dot == std::string_view::npos) return malformed("not three dot-separated parts");
  const auto second_dot = jwt.find('.', first_dot + 1);
  if (second_dot == std::string_view::npos ||
      jwt.find('.', second_dot + 1) != std::string_view::npos) {
    return malformed("not three dot-separated parts");
  }
  const auto payload_text = base64url_decode(jwt.substr(first_dot + 1, second_dot - first_dot - 1));
  if (!payload_text) return malformed("payload is not base64url");

  TokenClaims claims;
  claims.payload = nlohmann::json::parse(*payload_text, nullptr, /*allow_exceptions=*/false);
  if (!claims.payload.is_object()) return malformed("payload is not a JSON object");
  claims.exp = numeric_date(claims.payload, "exp");
  claims.iat = numeric_date(claims.payload, "iat");
  return claims;
}

}  // namespace freshauth
