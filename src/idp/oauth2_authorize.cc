#include <algorithm>
#include <string_view>

#include "idp/login_page.h"
#include "idp/oauth2_routes.h"
#include "idp/pkce.h"

namespace freshauth::idp {
namespace {

using server::FormFields;
using server::ServerRequest;
using server::ServerResponse;

// The parameters of the authorization request, carried through the form as hidden fields.
constexpr const char* kRequestParams[] = {
    "response_type",         "client_id", "redirect_uri", "state", "code_challenge",
    "code_challenge_method", "nonce"};

std::string field(const FormFields& fields, const char* name) {
  return server::form_field(fields, name);
}

// A loopback IP literal's URI without its port: "http://127.0.0.1:53682/callback" and
// "http://127.0.0.1/callback" both give "http://127.0.0.1/callback". Other URIs unchanged.
std::string without_loopback_port(std::string_view uri) {
  for (const std::string_view host : {"http://127.0.0.1", "http://[::1]"}) {
    if (!uri.starts_with(host) || uri.size() == host.size() || uri[host.size()] != ':') continue;
    const std::size_t digits = uri.find_first_not_of("0123456789", host.size() + 1);
    const std::size_t end = digits == std::string_view::npos ? uri.size() : digits;
    if (end == host.size() + 1) continue;
    return std::string{host} + std::string{uri.substr(end)};
  }
  return std::string{uri};
}

// RFC 8252 §7.3: a native app listens on whatever loopback port is free, so a registered
// loopback IP redirect URI matches on any port. Everything else must match exactly.
bool redirect_uri_registered(const std::vector<std::string>& registered,
                             const std::string& requested) {
  const std::string portless = without_loopback_port(requested);
  return std::any_of(registered.begin(), registered.end(), [&](const std::string& uri) {
    return uri == requested || without_loopback_port(uri) == portless;
  });
}

ServerResponse redirect(const std::string& redirect_uri, const FormFields& params) {
  std::string location = redirect_uri;
  char separator = location.find('?') == std::string::npos ? '?' : '&';
  for (const auto& [name, value] : params) {
    if (value.empty()) continue;
    location += separator + server::percent_encode(name) + "=" + server::percent_encode(value);
    separator = '&';
  }
  ServerResponse response;
  response.status = 302;
  response.set_header("Location", location);
  response.set_header("Cache-Control", "no-store");
  return response;
}

// The request's parameters when they are acceptable, or the answer. Until the client and its
// redirect URI are known good nothing is redirected (RFC 6749 §4.1.2.1): an open redirector
// would hand codes to anyone.
std::variant<FormFields, ServerResponse> check_request(const FormFields& fields,
                                                       IdpService& service) {
  const std::string client_id = field(fields, "client_id");
  if (client_id.empty()) return oauth2_error(400, "invalid_request", "client_id is required");
  const auto client = service.storage().clients->find(client_id);
  if (!client) return oauth2_error(400, "invalid_client", "unknown client_id");
  const std::string redirect_uri = field(fields, "redirect_uri");
  if (!redirect_uri_registered(client->callback_urls, redirect_uri)) {
    return oauth2_error(400, "invalid_request", "redirect_uri is not registered for this client");
  }
  const std::string state = field(fields, "state");
  if (field(fields, "response_type") != "code") {
    return redirect(redirect_uri, {{"error", "unsupported_response_type"}, {"state", state}});
  }
  if (field(fields, "code_challenge_method") != "S256" ||
      !valid_s256_challenge(field(fields, "code_challenge"))) {
    return redirect(redirect_uri, {{"error", "invalid_request"},
                                   {"error_description", "PKCE with S256 is required"},
                                   {"state", state}});
  }
  FormFields params;
  for (const char* name : kRequestParams) params[name] = field(fields, name);
  return params;
}

ServerResponse show_form(const ServerRequest& request, IdpService& service) {
  const auto fields = server::parse_form_fields(request.query);
  if (!fields) return oauth2_error(400, "invalid_request", "the query string is malformed");
  auto checked = check_request(*fields, service);
  if (auto* refusal = std::get_if<ServerResponse>(&checked)) return std::move(*refusal);
  return render_login_page({std::get<FormFields>(std::move(checked)), {}, false, {}});
}

ServerResponse submit_form(const ServerRequest& request, IdpService& service) {
  auto body = server::parse_form_body(request);
  if (std::holds_alternative<ServerResponse>(body)) {
    return oauth2_error(400, "invalid_request", "the body must be a well-formed form");
  }
  const FormFields& fields = std::get<FormFields>(body);
  auto checked = check_request(fields, service);
  if (auto* refusal = std::get_if<ServerResponse>(&checked)) return std::move(*refusal);
  FormFields params = std::get<FormFields>(std::move(checked));

  const std::string username = field(fields, "username");
  AuthorizationGrant request_grant{
      username, params["client_id"], params["redirect_uri"], params["code_challenge"],
      {},       params["nonce"]};
  auto code = service.authorize(request_grant, field(fields, "password"), field(fields, "code"));
  if (code) {
    return redirect(params["redirect_uri"], {{"code", *code}, {"state", params["state"]}});
  }
  switch (code.error().code) {
    case Errc::mfa_required:
      return render_login_page({std::move(params), username, true,
                                "Enter your password again and the code from your app."});
    case Errc::invalid_credentials:
      return render_login_page({std::move(params), username, !field(fields, "code").empty(),
                                "Incorrect username, password or code."},
                               401);
    case Errc::transient: {
      const auto wait = code.error().retry_after.value_or(std::chrono::seconds{60});
      auto page = render_login_page(
          {std::move(params), username, false,
           "Too many failed attempts. Try again in " + std::to_string(wait.count()) + " s."},
          429);
      page.set_header("Retry-After", std::to_string(wait.count()));
      return page;
    }
    default:
      return render_login_page({std::move(params), username, false,
                                "Signing in is not possible right now; try again later."},
                               500);
  }
}

}  // namespace

void add_oauth2_authorize_routes(server::Router& router, std::function<IdpService&()> service) {
  router.add("GET", "/oauth2/authorize",
             [service](const ServerRequest& request) { return show_form(request, service()); });
  router.add("POST", "/oauth2/authorize",
             [service](const ServerRequest& request) { return submit_form(request, service()); });
}

}  // namespace freshauth::idp
