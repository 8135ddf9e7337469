#include "counting_idp.h"

#include <charconv>

#include "freshauth/http/form_encoding.h"
#include "freshauth/security/random.h"
#include "freshauth/server/form_body.h"
#include "freshauth/server/server_response.h"
#include "harness.h"
#include "support/test_tokens.h"

namespace freshauth::bench {
namespace {

constexpr std::size_t kRefreshTokenRandomBytes = 24;

// An unsigned JWT-shaped token with `claims`, padded with a filler claim to about `bytes`.
std::string padded_token(nlohmann::json claims, std::size_t bytes) {
  const std::size_t bare = testing::make_token(claims).size();
  // base64url makes 4 characters of every 3 bytes of the payload.
  if (bytes > bare + 16) claims["pad"] = std::string((bytes - bare - 16) * 3 / 4, 'x');
  return testing::make_token(claims);
}

server::ServerResponse oauth2_error(int status, const char* error) {
  return server::json_error(status, error, "refused by the fleet benchmark's idp");
}

}  // namespace

CountingIdp::CountingIdp(Options options)
    : options_(std::move(options)),
      expected_authorization_(
          detail::basic_authorization(options_.client_id, options_.client_secret)),
      current_(static_cast<std::size_t>(options_.sessions)),
      refreshes_(static_cast<std::size_t>(options_.sessions), 0) {
  server::Router routes;
  routes.add("GET", "/.well-known/openid-configuration", [this](const server::ServerRequest&) {
    const std::string base = issuer();
    return server::json_response(200, {{"issuer", base},
                                       {"authorization_endpoint", base + "/oauth2/authorize"},
                                       {"token_endpoint", base + "/oauth2/token"},
                                       {"response_types_supported", {"code"}},
                                       {"grant_types_supported", {"refresh_token"}}});
  });
  routes.add("POST", "/oauth2/token",
             [this](const server::ServerRequest& request) { return token(request); });
  server::HttpServerOptions http;
  http.threads = options_.threads;
  server_ = std::make_unique<server::HttpServer>(http, std::move(routes));
  if (!server_->start()) fail("the idp did not start");
}

CountingIdp::~CountingIdp() { server_->stop(); }

std::string CountingIdp::issuer() const {
  return "http://127.0.0.1:" + std::to_string(server_->port());
}

TokenGrant CountingIdp::issue(int index, TimePoint issued_at) {
  const std::lock_guard lock(mutex_);
  return mint_locked(index, issued_at);
}

TokenGrant CountingIdp::mint_locked(int index, TimePoint issued_at) {
  const auto iat = to_epoch_seconds(issued_at).count();
  const std::string subject = "user-" + std::to_string(index);
  const nlohmann::json claims = {{"iss", issuer()},
                                 {"sub", subject},
                                 {"aud", options_.client_id},
                                 {"iat", iat},
                                 {"exp", iat + options_.lifetime.count()},
                                 {"jti", random_token(12)}};
  TokenGrant grant;
  grant.access_token = padded_token(claims, options_.access_token_bytes);
  grant.id_token = padded_token(claims, options_.id_token_bytes);
  grant.expires_in = options_.lifetime;
  grant.refresh_token = std::to_string(index) + "." + random_token(kRefreshTokenRandomBytes);
  current_[static_cast<std::size_t>(index)] = *grant.refresh_token;
  return grant;
}

server::ServerResponse CountingIdp::token(const server::ServerRequest& request) {
  const auto now = std::chrono::system_clock::now();
  auto form = server::parse_form_body(request);
  const std::lock_guard lock(mutex_);
  if (request.header("Authorization") != expected_authorization_) {
    ++refused_;
    return oauth2_error(401, "invalid_client");
  }
  if (auto* refusal = std::get_if<server::ServerResponse>(&form)) {
    ++refused_;
    return std::move(*refusal);
  }
  const auto& fields = std::get<server::FormFields>(form);
  if (server::form_field(fields, "grant_type") != "refresh_token") {
    ++refused_;
    return oauth2_error(400, "unsupported_grant_type");
  }
  const std::string presented = server::form_field(fields, "refresh_token");
  int index = -1;
  const auto dot = presented.find('.');
  const auto parsed =
      std::from_chars(presented.data(), presented.data() + std::min(dot, presented.size()), index);
  if (dot == std::string::npos || parsed.ec != std::errc{} || index < 0 ||
      index >= options_.sessions) {
    ++refused_;
    return oauth2_error(400, "invalid_grant");
  }
  const auto slot = static_cast<std::size_t>(index);
  if (presented != current_[slot]) {
    ++reused_;
    return oauth2_error(400, "invalid_grant");
  }
  const TokenGrant grant = mint_locked(index, now);
  ++refreshes_[slot];
  ++by_second_[to_epoch_seconds(now).count()];
  auto answer = server::json_response(200, {{"access_token", grant.access_token},
                                            {"token_type", "Bearer"},
                                            {"expires_in", options_.lifetime.count()},
                                            {"refresh_token", *grant.refresh_token},
                                            {"id_token", grant.id_token}});
  answer.set_header("Cache-Control", "no-store");
  return answer;
}

nlohmann::json CountingIdp::counts() const {
  const std::lock_guard lock(mutex_);
  nlohmann::json by_second = nlohmann::json::array();
  std::uint64_t total = 0;
  for (const auto& [second, count] : by_second_) {
    by_second.push_back({second, count});
    total += count;
  }
  return {{"refreshes_by_second", by_second},
          {"sessions_by_refreshes", sessions_by_refreshes(refreshes_)},
          {"refreshes", total},
          {"reused", reused_},
          {"refused", refused_}};
}

CountingIdp::Tally CountingIdp::tally() const {
  const std::lock_guard lock(mutex_);
  return {.refreshes = refreshes_, .reused = reused_, .refused = refused_};
}

nlohmann::json sessions_by_refreshes(const std::vector<std::uint32_t>& refreshes_per_session) {
  std::map<std::uint32_t, std::uint64_t> histogram;
  for (const auto count : refreshes_per_session) ++histogram[count];
  nlohmann::json sessions = nlohmann::json::object();
  for (const auto& [refreshes, count] : histogram) sessions[std::to_string(refreshes)] = count;
  return sessions;
}

}  // namespace freshauth::bench
