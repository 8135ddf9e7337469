#include "gateway/forwarded_headers.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "freshauth/core/ascii_text.h"

namespace freshauth::gateway {
namespace {

bool in(std::string_view name, std::initializer_list<std::string_view> names) {
  return std::any_of(names.begin(), names.end(),
                     [&](std::string_view each) { return equals_ignoring_case(name, each); });
}

// RFC 9110 §7.6.1: meaningful for one connection only, never forwarded.
bool hop_by_hop(std::string_view name) {
  return in(name, {"Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer",
                   "Transfer-Encoding", "Upgrade", "Proxy-Authorization", "Proxy-Authenticate"});
}

// The extra names a Connection header declares hop-by-hop.
std::set<std::string> connection_options(std::string_view value) {
  std::set<std::string> names;
  while (!value.empty()) {
    const auto comma = value.find(',');
    std::string_view token = value.substr(0, comma);
    while (!token.empty() && (token.front() == ' ' || token.front() == '\t'))
      token.remove_prefix(1);
    while (!token.empty() && (token.back() == ' ' || token.back() == '\t')) token.remove_suffix(1);
    if (!token.empty()) names.insert(to_ascii_lower(token));
    value = comma == std::string_view::npos ? std::string_view{} : value.substr(comma + 1);
  }
  return names;
}

bool lowered_in(std::string_view name, const std::set<std::string>& names) {
  return !names.empty() && names.contains(to_ascii_lower(name));
}

bool unsafe(std::string_view text) { return has_line_break_or_nul(text); }

}  // namespace

Result<HeaderList> upstream_request_headers(const server::HeaderMap& incoming,
                                            const ForwardContext& context,
                                            std::string_view csrf_header) {
  std::set<std::string> declared;
  if (const auto connection = incoming.find("Connection"); connection != incoming.end()) {
    declared = connection_options(connection->second);
  }
  HeaderList headers;
  std::string forwarded_for;
  for (const auto& [name, value] : incoming) {
    if (unsafe(name) || unsafe(value)) {
      return Error{Errc::invalid_argument,
                   "the header " + (unsafe(name) ? std::string{"name"} : name) +
                       " holds a line break or NUL",
                   {}};
    }
    if (equals_ignoring_case(name, "X-Forwarded-For")) {
      forwarded_for = value;
      continue;
    }
    if (hop_by_hop(name) || lowered_in(name, declared) || equals_ignoring_case(name, csrf_header) ||
        in(name, {"Host", "Content-Length", "Cookie", "Authorization", "Forwarded",
                  "X-Forwarded-Host", "X-Forwarded-Proto", kPartnerIdHeader})) {
      continue;
    }
    headers.emplace_back(name, value);
  }
  if (unsafe(context.host) || unsafe(context.remote_address)) {
    return Error{Errc::invalid_argument, "the Host header holds a line break or NUL", {}};
  }
  headers.emplace_back("X-Forwarded-For", forwarded_for.empty()
                                              ? context.remote_address
                                              : forwarded_for + ", " + context.remote_address);
  if (!context.host.empty()) headers.emplace_back("X-Forwarded-Host", context.host);
  headers.emplace_back("X-Forwarded-Proto", context.proto);
  return headers;
}

Result<HeaderList> upstream_request_headers(const server::HeaderMap& incoming,
                                            const AuthHeaders& session, bool partner_header,
                                            const ForwardContext& context,
                                            std::string_view csrf_header) {
  auto headers = upstream_request_headers(incoming, context, csrf_header);
  if (!headers) return headers;
  headers->emplace_back(std::string{kAuthorizationHeader}, session.authorization);
  if (partner_header && !session.partner_id.empty()) {
    headers->emplace_back(std::string{kPartnerIdHeader}, session.partner_id);
  }
  return headers;
}

HeaderList caller_response_headers(const HeaderList& upstream) {
  std::set<std::string> declared;
  for (const auto& [name, value] : upstream) {
    if (equals_ignoring_case(name, "Connection")) declared.merge(connection_options(value));
  }
  HeaderList headers;
  for (const auto& [name, value] : upstream) {
    if (hop_by_hop(name) || lowered_in(name, declared) ||
        in(name, {"Content-Length", "Set-Cookie", "Set-Cookie2", "WWW-Authenticate"})) {
      continue;
    }
    if (unsafe(name) || unsafe(value)) continue;
    headers.emplace_back(name, value);
  }
  return headers;
}

}  // namespace freshauth::gateway
