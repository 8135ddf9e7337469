#include "compact_jwt.h"

#include "freshauth/core/base64url.h"

namespace freshauth {
namespace {

VerifyFailure malformed(std::string why) { return {VerifyErrc::malformed, std::move(why)}; }

// Decodes `segment` at `out`, moving `out` past it. An empty segment decodes to nothing; only
// the signature may be empty (`alg: none` tokens get refused for their algorithm, which is the
// clearer reason).
std::optional<std::string_view> decode_segment(std::string_view segment, char*& out) {
  const auto size = base64url_decode_into(segment, out);
  if (!size) return std::nullopt;
  const std::string_view decoded{out, *size};
  out += *size;
  return decoded;
}

}  // namespace

char* DecodeBuffer::room(std::size_t size) {
  if (size <= inline_.size()) return inline_.data();
  heap_.resize(size);
  return heap_.data();
}

std::variant<CompactJwt, VerifyFailure> decode_compact_jwt(std::string_view token, int max_depth,
                                                           DecodeBuffer& buffer) {
  const auto first = token.find('.');
  const auto second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    return malformed("not three dot-separated segments");
  }
  char* out = buffer.room(token.size() * 3 / 4 + 3);
  const auto header_json = decode_segment(token.substr(0, first), out);
  const auto payload_json = decode_segment(token.substr(first + 1, second - first - 1), out);
  const auto signature = decode_segment(token.substr(second + 1), out);
  if (!header_json || !payload_json || !signature) return malformed("bad base64url");

  CompactJwt jwt{{}, {}, *payload_json, token.substr(0, second), *signature};
  const auto header_scan =
      scan_json_object(*header_json, max_depth,
                       [&header = jwt.header](std::string_view name, const JsonValue& value) {
                         if (name == "alg") {
                           header.alg = value;
                         } else if (name == "kid") {
                           header.kid = value;
                         } else if (name == "crit") {
                           header.crit = true;
                         }
                       });
  if (header_scan != JsonScanError::none)
    return malformed("header is not a JSON object (or has a name twice)");
  const auto payload_scan =
      scan_json_object(*payload_json, max_depth,
                       [&claims = jwt.claims](std::string_view name, const JsonValue& value) {
                         claims.take(name, value);
                       });
  if (payload_scan == JsonScanError::duplicate_name) return malformed("a claim appears twice");
  if (payload_scan != JsonScanError::none)
    return malformed("payload is not a JSON object (or too deep)");
  return jwt;
}

}  // namespace freshauth
