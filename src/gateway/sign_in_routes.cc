#include "gateway/sign_in_routes.h"

#include "freshauth/core/store_unavailable.h"
#include "freshauth/core/token_claims.h"
#include "freshauth/providers/oauth2_authorization_url.h"
#include "freshauth/providers/pkce.h"
#include "freshauth/security/random.h"
#include "freshauth/security/sha256.h"
#include "freshauth/server/form_body.h"
#include "freshauth/server/html_escape.h"
#include "freshauth/server/server_response.h"
#include "gateway/return_to.h"
#include "gateway/session_cookie.h"
#include "gateway/store_unavailable_response.h"

namespace freshauth::gateway {
namespace {

using server::json_error;
using server::json_response;
using server::ServerRequest;
using server::ServerResponse;

// Ties a sign-in to the browser that started it. SameSite=Lax, unlike the session cookie: the
// provider's redirect back to /auth/callback is a cross-site navigation, which Strict cookies
// do not ride on.
constexpr std::string_view kLoginCookieName = "__Host-freshauth-login";

std::optional<std::string> cookie_value(const ServerRequest& request, std::string_view name) {
  const auto header = request.header("Cookie");
  if (!header) return std::nullopt;
  std::string_view rest{*header};
  std::optional<std::string> found;
  while (!rest.empty()) {
    const auto end = rest.find(';');
    std::string_view pair = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const auto equals = pair.find('=');
    if (equals == std::string_view::npos || pair.substr(0, equals) != name) continue;
    if (found) return std::nullopt;
    found.emplace(pair.substr(equals + 1));
  }
  return found;
}

std::string login_cookie(std::string_view value) {
  return std::string{kLoginCookieName} + "=" + std::string{value} +
         "; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=" +
         std::to_string(std::chrono::seconds{kPendingLoginLifetime}.count());
}

std::string cleared_login_cookie() {
  return std::string{kLoginCookieName} + "=; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=0";
}

ServerResponse no_store(ServerResponse response) {
  response.set_header("Cache-Control", "no-store");
  return response;
}

// After the callback the browser is sent on with a page, not a 302: the redirect chain began on
// the provider's site, so a SameSite=Strict cookie set here would not be sent with a redirected
// request; a navigation made by this page is same-site and carries it.
ServerResponse continue_page(const std::string& return_to) {
  const std::string target = server::html_escape(return_to);
  ServerResponse page;
  page.set_header("Content-Type", "text/html; charset=utf-8");
  page.set_header("Content-Security-Policy", "default-src 'none'");
  page.set_header("Referrer-Policy", "no-referrer");
  page.body =
      "<!doctype html><html><head><meta charset=\"utf-8\"><title>Signed in</title>"
      "<meta http-equiv=\"refresh\" content=\"0;url=" +
      target + "\"></head><body><a href=\"" + target + "\">Continue</a></body></html>";
  return no_store(std::move(page));
}

std::string first_of(const nlohmann::json& claims, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (const auto it = claims.find(name); it != claims.end() && it->is_string()) {
      return it->get<std::string>();
    }
  }
  return {};
}

std::int64_t epoch_seconds(TimePoint t) { return to_epoch_seconds(t).count(); }

// The pending-login store failed: 503 while it cannot be reached (then a retry may work), 500
// for anything else it may report.
ServerResponse pending_store_failed(const Error& error) {
  if (is_store_unavailable(error)) return store_unavailable_response();
  return json_error(500, "sign_in_unavailable",
                    "the sign-in could not be kept or found; start again at /auth/login");
}

}  // namespace

std::optional<std::string> request_session_id(const ServerRequest& request) {
  const auto header = request.header("Cookie");
  if (!header) return std::nullopt;
  return session_id_from_cookies(*header);
}

SignInRoutes::SignInRoutes(SignInSettings settings, std::shared_ptr<OAuth2Authenticator> provider,
                           std::shared_ptr<SessionTable> table,
                           std::shared_ptr<PendingLoginStore> pending,
                           std::shared_ptr<const Clock> clock, CsrfPolicy csrf,
                           std::shared_ptr<GatewayMetrics> metrics, Executor blocking_work)
    : settings_(std::move(settings)),
      provider_(std::move(provider)),
      table_(std::move(table)),
      pending_(std::move(pending)),
      clock_(std::move(clock)),
      csrf_(std::move(csrf)),
      metrics_(std::move(metrics)),
      blocking_work_(std::move(blocking_work)) {}

void SignInRoutes::add_to(server::Router& router) {
  router.add_async("GET", "/auth/login",
                   [this](const ServerRequest& request, const server::Responder& respond) {
                     login(request, respond);
                   });
  router.add_async("GET", "/auth/callback",
                   [this](const ServerRequest& request, const server::Responder& respond) {
                     callback(request, respond);
                   });
  router.add_async("POST", "/auth/logout",
                   [this](const ServerRequest& request, const server::Responder& respond) {
                     logout(request, respond);
                   });
  router.add("GET", "/auth/session",
             [this](const ServerRequest& request) { return session(request); });
}

void SignInRoutes::login(const ServerRequest& request, const server::Responder& respond) {
  const auto query = server::parse_form_fields(request.query);
  if (!query) return respond(json_error(400, "bad_request", "the query string is malformed"));
  std::string return_to = "/";
  if (const auto asked = query->find("return_to"); asked != query->end()) {
    auto safe = safe_return_to(asked->second);
    if (!safe) {
      return respond(json_error(400, "bad_return_to",
                                "return_to must be a path on this site, such as /app/orders"));
    }
    return_to = std::move(*safe);
  }
  const PkcePair pkce = make_pkce_pair();
  const std::string nonce = random_token(32);
  std::string binding = random_token(32);
  std::string state = random_token(32);
  std::string location = authorization_url(settings_.endpoints, settings_.client,
                                           {settings_.redirect_uri, state, pkce.challenge, nonce});
  PendingLogin pending{pkce.verifier, nonce, std::move(return_to), sha256_hex(binding),
                       clock_->now()};
  blocking_work_([this, state = std::move(state), pending = std::move(pending),
                  location = std::move(location), binding = std::move(binding), respond] {
    if (auto kept = pending_->put(state, pending); !kept) {
      return respond(pending_store_failed(kept.error()));
    }
    ServerResponse redirect;
    redirect.status = 302;
    redirect.set_header("Location", location);
    redirect.set_header("Set-Cookie", login_cookie(binding));
    respond(no_store(std::move(redirect)));
  });
}

void SignInRoutes::callback(const ServerRequest& request, const server::Responder& respond) {
  const auto query = server::parse_form_fields(request.query);
  if (!query) return respond(json_error(400, "bad_request", "the query string is malformed"));
  if (const auto error = query->find("error"); error != query->end()) {
    return respond(json_error(401, "sign_in_refused",
                              "the provider did not sign you in; start again at /auth/login"));
  }
  const std::string code = server::form_field(*query, "code");
  const std::string state = server::form_field(*query, "state");
  const auto binding = cookie_value(request, kLoginCookieName);
  if (code.empty() || state.empty() || !binding) {
    return respond(json_error(400, "callback_without_login",
                              "this is not the answer to a sign-in started here; start at "
                              "/auth/login"));
  }
  const auto previous = request_session_id(request);
  blocking_work_([this, code, state, browser = sha256_hex(*binding), previous, respond]() {
    auto taken = pending_->take(state, clock_->now());
    if (!taken) return respond(pending_store_failed(taken.error()));
    // Taken even when another browser brought it: a state shown to the wrong browser is spent.
    if (!*taken || !started_by(**taken, browser)) {
      return respond(json_error(400, "invalid_state",
                                "this sign-in was not started in this browser, has expired or was "
                                "already used; start again at /auth/login"));
    }
    const PendingLogin& login = **taken;
    const TimePoint requested_at = clock_->now();
    auto grant = provider_->exchange_code(code, login.code_verifier, settings_.redirect_uri);
    if (!grant) {
      const bool refused = grant.error().code != Errc::transient;
      return respond(json_error(refused ? 401 : 502,
                                refused ? "code_rejected" : "provider_unavailable",
                                "the provider did not exchange the code (" + grant.error().message +
                                    "); start again at /auth/login"));
    }
    // The id token came straight from the token endpoint over the back channel, so its claims
    // are read, not verified (OpenID Connect Core §3.1.3.7): the nonce ties it to this login.
    auto claims = decode_claims(grant->id_token);
    if (!claims || first_of(claims->payload, {"nonce"}) != login.nonce) {
      return respond(json_error(401, "nonce_mismatch",
                                "the provider's id token does not answer this sign-in; start "
                                "again at /auth/login"));
    }
    if (previous) table_->sign_out(session_key(*previous));
    const std::string id = new_session_id();
    auto adopted = table_->adopt(session_key(id), *grant, requested_at, {});
    if (!adopted && is_store_unavailable(adopted.error())) {
      return respond(store_unavailable_response());
    }
    if (!adopted) {
      return respond(json_error(
          500, "session_not_saved",
          "the session could not be stored (" + adopted.error().message + "); try again"));
    }
    ServerResponse page = continue_page(login.return_to);
    page.headers.emplace_back("Set-Cookie", session_cookie(id, settings_.cookie_lifetime));
    page.headers.emplace_back("Set-Cookie", cleared_login_cookie());
    respond(std::move(page));
  });
}

void SignInRoutes::logout(const ServerRequest& request, const server::Responder& respond) {
  if (auto refusal = csrf_refusal(request.headers, csrf_)) {
    return respond(json_error(403, "csrf", *refusal));
  }
  const auto id = request_session_id(request);
  const auto signed_out = [respond](bool had_session) {
    ServerResponse answer = json_response(200, {{"signed_out", had_session}});
    answer.set_header("Set-Cookie", cleared_session_cookie());
    respond(no_store(std::move(answer)));
  };
  if (!id) return signed_out(false);
  table_->sign_out(session_key(*id), [signed_out, metrics = metrics_](Result<void> revoked) {
    const bool had_session = revoked.ok() || revoked.error().code != Errc::not_signed_in;
    if (had_session) metrics->session_ended("signed_out");
    signed_out(had_session);
  });
}

ServerResponse SignInRoutes::session(const ServerRequest& request) const {
  const auto id = request_session_id(request);
  if (!id) return no_store(json_response(200, {{"signed_in", false}}));
  auto found = table_->lookup_status(session_key(*id));
  // "Signed out" while the shared store is down would send a signed-in browser to sign in again.
  if (!found) return store_unavailable_response();
  const auto& status = *found;
  if (!status) return no_store(json_response(200, {{"signed_in", false}}));
  nlohmann::json body = {{"signed_in", true},
                         {"access_expires_at", epoch_seconds(status->access_expires_at)}};
  if (status->ends_at) body["session_ends_at"] = epoch_seconds(*status->ends_at);
  if (auto claims = decode_claims(status->id_token)) {
    body["sub"] = first_of(claims->payload, {"sub"});
    body["username"] =
        first_of(claims->payload, {"cognito:username", "preferred_username", "username", "email"});
  }
  return no_store(json_response(200, body));
}

}  // namespace freshauth::gateway
