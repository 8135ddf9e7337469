// Drives what the gateway reads from a browser before anything is forwarded: the Cookie header,
// `return_to`, the request path and query against the upstream allowlist, the headers to forward
// and the CSRF rules, plus the upstream's response headers. Besides memory errors, it traps when
// a rule lets through what it exists to stop.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "gateway/csrf_policy.h"
#include "gateway/forwarded_headers.h"
#include "gateway/return_to.h"
#include "gateway/session_cookie.h"
#include "gateway/upstream_routes.h"

namespace {

using namespace freshauth;
using namespace freshauth::gateway;

bool has_line_break(std::string_view text) {
  return text.find_first_of(std::string_view{"\r\n\0", 3}) != std::string_view::npos;
}

void check(bool holds) {
  if (!holds) __builtin_trap();
}

const UpstreamRoutes& routes() {
  static const UpstreamRoutes table =
      UpstreamRoutes::create({{"/api/", "http://127.0.0.1:9000", true},
                              {"/api/v2/", "http://127.0.0.1:9001/base", false}})
          .value();
  return table;
}

// "name: value" lines, as a parsed request's headers would be.
server::HeaderMap headers_from(std::string_view text) {
  server::HeaderMap headers;
  while (!text.empty()) {
    const auto end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    headers.emplace(std::string{line.substr(0, colon)}, std::string{line.substr(colon + 1)});
  }
  return headers;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input{reinterpret_cast<const char*>(data), size};

  if (auto id = session_id_from_cookies(input)) {
    check(id->size() == 43 && !has_line_break(*id));
  }

  if (auto target = safe_return_to(input)) {
    check(!target->empty() && target->front() == '/');
    check(target->size() < 2 || ((*target)[1] != '/' && (*target)[1] != '\\'));
    check(!has_line_break(*target));
  }

  const auto question = input.find('?');
  const std::string_view path = input.substr(0, question);
  const std::string_view query =
      question == std::string_view::npos ? std::string_view{} : input.substr(question + 1);
  if (auto target = routes().match(path, query)) {
    check(is_canonical_path(path));
    check(!has_line_break(target->target) && target->target.find(' ') == std::string::npos);
    check(path.starts_with(target->route->prefix));
  }

  const server::HeaderMap headers = headers_from(input);
  const AuthHeaders session{"Bearer the-session-token", "partner-7", 3};
  if (auto forwarded = upstream_request_headers(headers, session, true,
                                                {"127.0.0.1", "app.example", "https"}, "X-CSRF")) {
    int authorizations = 0;
    for (const auto& [name, value] : *forwarded) {
      check(!has_line_break(name) && !has_line_break(value));
      check(name != "Cookie" && name != "cookie");
      if (name == kAuthorizationHeader) {
        ++authorizations;
        check(value == session.authorization);
      }
    }
    check(authorizations == 1);
  }
  (void)csrf_refusal(headers, CsrfPolicy{"X-CSRF", {"https://app.example"}});

  HeaderList upstream;
  for (const auto& [name, value] : headers) upstream.emplace_back(name, value);
  for (const auto& [name, value] : caller_response_headers(upstream)) {
    check(!has_line_break(value));
    check(name != "Set-Cookie");
  }
  return 0;
}
