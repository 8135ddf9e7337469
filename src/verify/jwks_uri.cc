#include "jwks_uri.h"

#include <algorithm>
#include <string_view>

namespace freshauth {
namespace {

std::string_view host_of(std::string_view rest) {
  const auto end = rest.find_first_of("/?#");
  auto authority = rest.substr(0, end);
  if (const auto at = authority.rfind('@'); at != std::string_view::npos)
    authority = authority.substr(at + 1);
  if (authority.starts_with('[')) return authority.substr(0, authority.find(']') + 1);
  return authority.substr(0, authority.find(':'));
}

bool is_loopback(std::string_view host) {
  const bool dotted_digits = std::all_of(host.begin(), host.end(),
                                         [](char c) { return c == '.' || (c >= '0' && c <= '9'); });
  return host == "localhost" || host == "[::1]" || (host.starts_with("127.") && dotted_digits);
}

}  // namespace

std::optional<Error> check_jwks_uri(const std::string& uri, bool allow_plain_http) {
  constexpr std::string_view kHttps = "https://";
  constexpr std::string_view kHttp = "http://";
  const std::string_view view = uri;
  if (view.starts_with(kHttps) && !host_of(view.substr(kHttps.size())).empty()) return std::nullopt;
  if (view.starts_with(kHttp)) {
    const auto host = host_of(view.substr(kHttp.size()));
    if (!host.empty() && (allow_plain_http || is_loopback(host))) return std::nullopt;
    return Error{Errc::invalid_argument,
                 "JWKS URI must be https (plain http only for loopback or by opt-in)",
                 {}};
  }
  return Error{Errc::invalid_argument, "JWKS URI must be an https:// URL", {}};
}

}  // namespace freshauth
