#include "gateway/upstream_routes.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "freshauth/core/ascii_text.h"

namespace freshauth::gateway {
namespace {

Error invalid(const UpstreamRoute& route, const std::string& why) {
  return {Errc::invalid_argument, "upstream route " + route.prefix + ": " + why, {}};
}

bool forbidden_escape(char high, char low) {
  high = ascii_lower(high);
  low = ascii_lower(low);
  if (high == '0' || high == '1') return true;                 // control characters
  if (high == '2' && (low == 'e' || low == 'f')) return true;  // '.', '/'
  if (high == '5' && low == 'c') return true;                  // '\'
  if (high == '7' && low == 'f') return true;                  // DEL
  return false;
}

}  // namespace

bool is_canonical_path(std::string_view path) {
  if (path.empty() || path.front() != '/') return false;
  for (std::size_t i = 0; i < path.size(); ++i) {
    const char c = path[i];
    if (c <= 0x20 || c >= 0x7f || c == '\\' || c == '#' || c == '?') return false;
    if (c == '%') {
      if (i + 2 >= path.size() || forbidden_escape(path[i + 1], path[i + 2])) return false;
    }
  }
  std::size_t start = 1;
  while (start <= path.size()) {
    const std::size_t end = std::min(path.find('/', start), path.size());
    const std::string_view segment = path.substr(start, end - start);
    if (segment == "." || segment == "..") return false;
    if (segment.empty() && end < path.size()) return false;  // "//"
    start = end + 1;
  }
  return true;
}

Result<UpstreamRoutes> UpstreamRoutes::create(std::vector<UpstreamRoute> routes) {
  std::stable_sort(routes.begin(), routes.end(),
                   [](const auto& a, const auto& b) { return a.prefix.size() > b.prefix.size(); });
  UpstreamRoutes result;
  for (const auto& route : routes) {
    if (route.prefix.size() < 2 || route.prefix.front() != '/' || route.prefix.back() != '/' ||
        !is_canonical_path(route.prefix)) {
      return invalid(route, "the prefix must be a canonical path starting and ending with '/'");
    }
    if (route.without_session && route.partner_header) {
      return invalid(route, "a route without a session has no partner id to send");
    }
    constexpr std::string_view kScheme = "http://";
    std::string_view rest{route.upstream};
    if (!rest.starts_with(kScheme)) return invalid(route, "the upstream must be an http:// URL");
    rest.remove_prefix(kScheme.size());
    const auto slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    std::string base_path{slash == std::string_view::npos ? std::string_view{}
                                                          : rest.substr(slash)};
    while (!base_path.empty() && base_path.back() == '/') base_path.pop_back();
    if (!base_path.empty() && !is_canonical_path(base_path)) {
      return invalid(route, "the upstream's path is not canonical");
    }
    Parsed parsed{std::string{}, 80, base_path};
    std::string_view port_text;
    if (authority.starts_with('[')) {
      const auto close = authority.find(']');
      if (close == std::string_view::npos) return invalid(route, "unclosed IPv6 address");
      parsed.host = std::string{authority.substr(1, close - 1)};
      const auto after = authority.substr(close + 1);
      if (!after.empty()) {
        if (after.front() != ':') return invalid(route, "unexpected text after the address");
        port_text = after.substr(1);
      }
    } else {
      const auto colon = authority.rfind(':');
      parsed.host = std::string{authority.substr(0, colon)};
      if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
    }
    if (parsed.host.empty() || parsed.host.find_first_of("@ \t\r\n") != std::string::npos) {
      return invalid(route, "the upstream has no usable host");
    }
    if (!port_text.empty()) {
      unsigned port = 0;
      const auto [end, ec] =
          std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
      if (ec != std::errc{} || end != port_text.data() + port_text.size() || port == 0 ||
          port > 65535) {
        return invalid(route, "the upstream's port is not a number from 1 to 65535");
      }
      parsed.port = static_cast<std::uint16_t>(port);
    }
    result.parsed_.push_back(std::move(parsed));
  }
  result.routes_ = std::move(routes);
  return result;
}

std::optional<std::size_t> UpstreamRoutes::index_for(std::string_view path) const {
  if (!is_canonical_path(path)) return std::nullopt;
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    if (path.starts_with(routes_[i].prefix)) return i;
  }
  return std::nullopt;
}

const UpstreamRoute* UpstreamRoutes::route_for(std::string_view path) const {
  const auto index = index_for(path);
  return index ? &routes_[*index] : nullptr;
}

std::optional<UpstreamTarget> UpstreamRoutes::match(std::string_view path,
                                                    std::string_view query) const {
  if (!std::all_of(query.begin(), query.end(),
                   [](char c) { return c > 0x20 && c < 0x7f && c != '#'; })) {
    return std::nullopt;
  }
  const auto index = index_for(path);
  if (!index) return std::nullopt;
  const Parsed& parsed = parsed_[*index];
  std::string target;
  target.reserve(parsed.base_path.size() + path.size() + 1 + query.size());
  target += parsed.base_path;
  target += path;
  if (!query.empty()) {
    target += '?';
    target += query;
  }
  return UpstreamTarget{&routes_[*index], parsed.host, parsed.port, std::move(target)};
}

}  // namespace freshauth::gateway
