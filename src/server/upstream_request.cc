#include "freshauth/server/upstream_request.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <string_view>

#include "freshauth/core/ascii_text.h"

namespace freshauth::server {
namespace {

Error invalid(std::string message) { return {Errc::invalid_argument, std::move(message), {}}; }

// RFC 9110 §5.6.2 tchar, as a table: it is checked for every header of every request.
constexpr std::array<bool, 256> kTokenChars = [] {
  std::array<bool, 256> table{};
  for (int c = '0'; c <= '9'; ++c) table[c] = true;
  for (int c = 'a'; c <= 'z'; ++c) table[c] = true;
  for (int c = 'A'; c <= 'Z'; ++c) table[c] = true;
  for (const char c : std::string_view{"!#$%&'*+-.^_`|~"})
    table[static_cast<unsigned char>(c)] = true;
  return table;
}();

bool is_token(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return kTokenChars[static_cast<unsigned char>(c)];
  });
}

bool is_control_or_space(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte <= 0x20 || byte == 0x7f;
}

}  // namespace

std::optional<std::string> UpstreamResponse::header(std::string_view name) const {
  for (const auto& [field, value] : headers) {
    if (equals_ignoring_case(field, name)) return value;
  }
  return std::nullopt;
}

Result<UpstreamRequest> upstream_request(std::string method, std::string_view url) {
  static constexpr std::string_view kScheme = "http://";
  if (url.size() < kScheme.size() ||
      !equals_ignoring_case(url.substr(0, kScheme.size()), kScheme)) {
    return invalid("upstream URL: only http:// URLs are supported");
  }
  std::string_view rest = url.substr(kScheme.size());
  const auto slash = rest.find_first_of("/?");
  const std::string_view authority = rest.substr(0, slash);
  UpstreamRequest request;
  request.method = std::move(method);
  const std::string_view target = slash == std::string_view::npos ? "" : rest.substr(slash);
  request.target = target.starts_with('/') ? std::string{target} : "/" + std::string{target};
  if (authority.find('@') != std::string_view::npos) {
    return invalid("upstream URL: credentials in the URL are not supported");
  }
  std::string_view host = authority;
  if (!host.empty() && host.front() == '[') {  // [IPv6]:port
    const auto close = host.find(']');
    if (close == std::string_view::npos) return invalid("upstream URL: unterminated IPv6 address");
    request.host = std::string{host.substr(1, close - 1)};
    host = host.substr(close + 1);
    if (!host.empty() && host.front() != ':') return invalid("upstream URL: malformed authority");
  } else {
    const auto colon = host.rfind(':');
    request.host = std::string{host.substr(0, colon)};
    host = colon == std::string_view::npos ? std::string_view{} : host.substr(colon);
  }
  if (!host.empty()) {
    const std::string_view digits = host.substr(1);
    unsigned port = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (digits.empty() || ec != std::errc{} || end != digits.data() + digits.size() || port == 0 ||
        port > 65535) {
      return invalid("upstream URL: malformed port");
    }
    request.port = static_cast<std::uint16_t>(port);
  }
  if (request.host.empty()) return invalid("upstream URL: no host");
  if (auto checked = check_upstream_request(request); !checked) return checked.error();
  return request;
}

Result<void> check_upstream_request(const UpstreamRequest& request) {
  if (!is_token(request.method)) return invalid("upstream request: the method is not a token");
  if (request.host.empty() ||
      std::any_of(request.host.begin(), request.host.end(), is_control_or_space)) {
    return invalid("upstream request: malformed host");
  }
  if (request.target.empty() || request.target.front() != '/' ||
      std::any_of(request.target.begin(), request.target.end(), is_control_or_space)) {
    return invalid("upstream request: the target must be a path with an optional query");
  }
  for (const auto& [name, value] : request.headers) {
    if (!is_token(name)) return invalid("upstream request: a header name is not a token");
    if (has_line_break_or_nul(value)) {
      // The name only: the value may hold a token.
      return invalid("upstream request: the value of header " + name + " holds CR, LF or NUL");
    }
  }
  return {};
}

}  // namespace freshauth::server
