#include "freshauth/core/base64url.h"

#include <array>
#include <cstdint>

namespace freshauth {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// -1 for a character outside the alphabet.
constexpr std::array<std::int32_t, 256> make_reverse_table() {
  std::array<std::int32_t, 256> table{};
  table.fill(-1);
  for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
    table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<std::int32_t>(i);
  }
  return table;
}
constexpr auto kReverse = make_reverse_table();

}  // namespace

std::string base64url_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() * 4 + 2) / 3);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kAlphabet[(buffer >> bits) & 0x3F]);
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (6 - bits)) & 0x3F]);
  return out;
}

std::optional<std::size_t> base64url_decode_into(std::string_view text, char* out) {
  if (text.size() % 4 == 1) return std::nullopt;  // no byte count encodes to this length
  const auto* in = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t whole = text.size() / 4 * 4;
  char* const start = out;
  for (std::size_t i = 0; i < whole; i += 4) {
    const std::int32_t a = kReverse[in[i]];
    const std::int32_t b = kReverse[in[i + 1]];
    const std::int32_t c = kReverse[in[i + 2]];
    const std::int32_t d = kReverse[in[i + 3]];
    if ((a | b | c | d) < 0) return std::nullopt;
    const auto bits = static_cast<std::uint32_t>((a << 18) | (b << 12) | (c << 6) | d);
    *out++ = static_cast<char>(bits >> 16);
    *out++ = static_cast<char>((bits >> 8) & 0xFF);
    *out++ = static_cast<char>(bits & 0xFF);
  }
  const std::size_t rest = text.size() - whole;
  if (rest == 0) return static_cast<std::size_t>(out - start);
  const std::int32_t a = kReverse[in[whole]];
  const std::int32_t b = kReverse[in[whole + 1]];
  const std::int32_t c = rest == 3 ? kReverse[in[whole + 2]] : 0;
  if ((a | b | c) < 0) return std::nullopt;
  const auto bits = static_cast<std::uint32_t>((a << 18) | (b << 12) | (c << 6));
  // Leftover bits must be zero, or two different strings would decode to the same bytes.
  if ((bits & (rest == 2 ? 0xFFFFU : 0xFFU)) != 0) return std::nullopt;
  *out++ = static_cast<char>(bits >> 16);
  if (rest == 3) *out++ = static_cast<char>((bits >> 8) & 0xFF);
  return static_cast<std::size_t>(out - start);
}

std::optional<std::string> base64url_decode(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  std::string out(text.size() * 3 / 4, '\0');
  const auto size = base64url_decode_into(text, out.data());
  if (!size) return std::nullopt;
  out.resize(*size);
  return out;
}

std::string base64_encode(std::string_view bytes) {
  std::string out = base64url_encode(bytes);
  for (char& c : out) {
    if (c == '-') c = '+';
    if (c == '_') c = '/';
  }
  out.append((4 - out.size() % 4) % 4, '=');
  return out;
}

}  // namespace freshauth
