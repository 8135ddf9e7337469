#include "compact_jwt.h"

#include <algorithm>

#include "bounded_json.h"
#include "freshauth/core/base64url.h"

namespace freshauth {
namespace {

VerifyFailure malformed(std::string why) { return {VerifyErrc::malformed, std::move(why)}; }

bool is_base64url_alphabet(std::string_view segment) {
  return std::all_of(segment.begin(), segment.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  });
}

// An empty segment decodes to nothing; only the signature may be empty (`alg: none` tokens get
// refused for their algorithm, which is the clearer reason).
std::optional<std::string> decode_segment(std::string_view segment) {
  if (!is_base64url_alphabet(segment)) return std::nullopt;
  return base64url_decode(segment);
}

}  // namespace

std::variant<CompactJwt, VerifyFailure> decode_compact_jwt(std::string_view token, int max_depth) {
  const auto first = token.find('.');
  const auto second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    return malformed("not three dot-separated segments");
  }
  const auto header_text = decode_segment(token.substr(0, first));
  const auto payload_text = decode_segment(token.substr(first + 1, second - first - 1));
  auto signature = decode_segment(token.substr(second + 1));
  if (!header_text || !payload_text || !signature) return malformed("bad base64url");
  auto header = parse_bounded_json(*header_text, max_depth);
  if (!header || !header->is_object()) return malformed("header is not a JSON object");
  auto payload = parse_bounded_json(*payload_text, max_depth);
  if (!payload || !payload->is_object())
    return malformed("payload is not a JSON object (or too deep)");
  return CompactJwt{std::move(*header), std::move(*payload), token.substr(0, second),
                    std::move(*signature)};
}

}  // namespace freshauth
