#include "browser/spa_upstream.h"

#include "freshauth/core/token_claims.h"
#include "freshauth/server/server_response.h"

namespace freshauth::testing {
namespace {

using server::ServerRequest;
using server::ServerResponse;

// Everything it does goes through the gateway on its own origin: the cookie rides along by
// itself (same-origin), the CSRF marker is added by hand, and no token is ever in reach.
constexpr const char* kAppPage = R"html(<!doctype html>
<html><head><meta charset="utf-8"><title>freshauth browser test</title></head>
<body>
<h1 id="who">Loading</h1>
<script>
async function answerOf(response) {
  const text = await response.text();
  let body = null;
  try { body = JSON.parse(text); } catch (e) { body = text; }
  return { status: response.status, body };
}
const spa = {
  callApi: async () =>
    answerOf(await fetch('/api/items', { headers: { 'X-CSRF': '1' }, credentials: 'same-origin' })),
  whoAmI: async () => answerOf(await fetch('/auth/session', { credentials: 'same-origin' })),
  signOut: async () =>
    answerOf(await fetch('/auth/logout',
                         { method: 'POST', headers: { 'X-CSRF': '1' }, credentials: 'same-origin' })),
  cookies: () => document.cookie,
};
window.spa = spa;
spa.whoAmI().then(({ body }) => {
  document.getElementById('who').textContent =
      body && body.signed_in ? 'Signed in as ' + body.username : 'Signed out';
});
</script>
</body></html>
)html";

bool carries_browser_credentials(const ServerRequest& request) {
  return request.header("Authorization").has_value() || request.header("Cookie").has_value();
}

}  // namespace

SpaUpstream::SpaUpstream(std::shared_ptr<const Clock> clock) : clock_(std::move(clock)) {}

Result<void> SpaUpstream::start() {
  server::Router router;
  router.add_prefix("GET", "/app/", [this](ServerRequest request, server::Responder respond) {
    respond(app_page(request));
  });
  router.add_prefix(
      std::string{server::kAnyMethod}, "/api/",
      [this](ServerRequest request, server::Responder respond) { respond(api(request)); });
  router.add("GET", "/__stats",
             [this](const ServerRequest&) { return server::json_response(200, stats()); });
  server_ = std::make_unique<server::HttpServer>(server::HttpServerOptions{}, std::move(router));
  return server_->start();
}

std::string SpaUpstream::url() const {
  return "http://127.0.0.1:" + std::to_string(server_->port());
}

void SpaUpstream::stop() { server_->stop(); }

ServerResponse SpaUpstream::app_page(const ServerRequest& request) {
  {
    const std::lock_guard lock(mutex_);
    ++pages_served_;
    if (carries_browser_credentials(request)) ++pages_with_credentials_;
  }
  ServerResponse page;
  page.set_header("Content-Type", "text/html; charset=utf-8");
  page.set_header("Cache-Control", "no-store");
  page.body = kAppPage;
  return page;
}

ServerResponse SpaUpstream::api(const ServerRequest& request) {
  constexpr std::string_view kBearer = "Bearer ";
  const std::string authorization = request.header("Authorization").value_or("");
  std::optional<TokenClaims> claims;
  if (authorization.starts_with(kBearer)) {
    if (auto decoded = decode_claims(std::string_view{authorization}.substr(kBearer.size()))) {
      claims = std::move(*decoded);
    }
  }
  const bool fresh = claims && claims->exp && to_epoch_seconds(clock_->now()) < *claims->exp;
  const std::lock_guard lock(mutex_);
  if (request.header("Cookie") || request.header("X-CSRF")) ++api_with_browser_headers_;
  if (!fresh) {
    ++api_refused_;
    return server::json_error(401, "invalid_token", "no bearer token, or it has expired");
  }
  ++api_answered_;
  tokens_.insert(authorization);
  return server::json_response(200,
                               {{"items", {1, 2, 3}}, {"token_expires_at", claims->exp->count()}});
}

nlohmann::json SpaUpstream::stats() const {
  const std::lock_guard lock(mutex_);
  return {{"pages_served", pages_served_},
          {"pages_with_credentials", pages_with_credentials_},
          {"api_answered", api_answered_},
          {"api_refused", api_refused_},
          {"api_with_browser_headers", api_with_browser_headers_},
          {"distinct_tokens", tokens_.size()}};
}

}  // namespace freshauth::testing
