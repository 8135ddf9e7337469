#pragma once

#include <algorithm>
#include <string>
#include <string_view>

// ASCII protocol text (header names and values, schemes, tokens): no locale, inlined, as cheap
// as a comparison, since a proxy runs these on every header of every request.
namespace freshauth {

constexpr char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

constexpr bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return ascii_lower(x) == ascii_lower(y);
         });
}

constexpr bool less_ignoring_case(std::string_view a, std::string_view b) {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return ascii_lower(x) < ascii_lower(y);
  });
}

inline std::string to_ascii_lower(std::string_view text) {
  std::string lowered(text);
  for (char& c : lowered) c = ascii_lower(c);
  return lowered;
}

/// Whether `text` would end a header line early (CR, LF) or be cut short (NUL): header
/// injection. Three memchr scans: a bearer token makes header values long.
constexpr bool has_line_break_or_nul(std::string_view text) {
  return text.find('\r') != std::string_view::npos || text.find('\n') != std::string_view::npos ||
         text.find('\0') != std::string_view::npos;
}

}  // namespace freshauth
