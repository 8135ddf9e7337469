#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>

#include "freshauth/core/clock.h"
#include "freshauth/core/token_claims.h"
#include "freshauth/http/http_transport.h"
#include "support/fake_transport.h"
#include "support/test_tokens.h"

namespace freshauth::testing {

// The partner auth API and an echoing /api/*, in memory, as the handler of a FakeTransport: mints
// JWT-shaped tokens (sub, iat, exp) on the given clock, remembers whose refresh token is whose,
// and lets /api/* through only with a live access token. Script a FakeTransport route to answer
// otherwise (FakeTransport::reply_to and fail_to come before the handler).
class FakePartnerApi {
 public:
  static constexpr const char* kPassword = "correct horse battery staple";
  static constexpr const char* kMfaUser = "mfa-user";  // always challenged
  static constexpr const char* kMfaCode = "123456";
  static constexpr const char* kBaseUrl = "https://partner.example.com";
  // FakeTransport routes.
  static constexpr const char* kSignIn = "POST /auth";
  static constexpr const char* kMfa = "PUT /auth/challenge/mfa-token";
  static constexpr const char* kRefresh = "POST /auth/refresh_token";
  static constexpr const char* kLogout = "POST /auth/logout";
  static constexpr const char* kApi = "/api/*";

  explicit FakePartnerApi(const Clock& clock,
                          std::chrono::seconds token_lifetime = std::chrono::hours{1})
      : clock_(clock), lifetime_(token_lifetime) {}

  // A FakeTransport answering with `api`, which must outlive it.
  static std::shared_ptr<FakeTransport> transport_for(FakePartnerApi& api) {
    return std::make_shared<FakeTransport>(
        [&api](const HttpRequest& request) { return api.answer(request); });
  }

  HttpResult answer(const HttpRequest& request) {
    if (route_matches(kSignIn, request)) return sign_in(request.body);
    if (route_matches(kMfa, request)) return mfa(request.body);
    if (route_matches(kRefresh, request)) return refresh(request.body);
    if (route_matches(kLogout, request)) return logout(request.body);
    if (route_matches(kApi, request)) return api(request);
    return respond(404, R"({"error":"NotFound"})");
  }

 private:
  using json = nlohmann::json;
  static constexpr const char* kUnauthorized =
      R"({"error":"NotAuthorized","message":"not authorized"})";

  static HttpResponse respond(int status, std::string body) {
    return HttpResponse{status, {{"Content-Type", "application/json"}}, std::move(body)};
  }
  static std::optional<json> parse(const std::string& body) {
    auto parsed = json::parse(body, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object()) return std::nullopt;
    return parsed;
  }
  static std::string string_or_empty(const json& object, const char* name) {
    const auto it = object.find(name);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string{};
  }

  std::string tokens_json(const std::string& username, const std::string* refresh_token) {
    const auto iat = to_epoch_seconds(clock_.now()).count();
    const std::lock_guard lock(mutex_);
    const std::string id = std::to_string(++minted_);
    const auto token = [&](const char* use) {
      return make_token({{"sub", username},
                         {"token_use", use},
                         {"iat", iat},
                         {"exp", iat + lifetime_.count()},
                         {"jti", std::string{use} + "-" + id}});
    };
    const std::string access = token("access");
    access_tokens_.insert(access);
    json body = {{"AccessToken", access},
                 {"IdToken", token("id")},
                 {"TokenType", "Bearer"},
                 {"ExpiresIn", lifetime_.count()}};
    if (refresh_token != nullptr) {
      body["RefreshToken"] = *refresh_token;
      refresh_token_owner_[*refresh_token] = username;
    }
    return body.dump();
  }

  HttpResult sign_in(const std::string& body) {
    const auto request = parse(body);
    if (!request) return respond(400, R"({"error":"BadRequest"})");
    const std::string username = string_or_empty(*request, "username");
    if (string_or_empty(*request, "password") != kPassword) return respond(401, kUnauthorized);
    if (username == kMfaUser) {
      const std::lock_guard lock(mutex_);
      const std::string session = "mfa-session-" + std::to_string(++minted_);
      challenges_[session] = username;
      return respond(200, json{{"Challenge", "SOFTWARE_TOKEN_MFA"}, {"Session", session}}.dump());
    }
    const std::string refresh_token =
        "REFRESH-SECRET-" + username + "-" + std::to_string(++minted_);
    return respond(200, tokens_json(username, &refresh_token));
  }

  HttpResult mfa(const std::string& body) {
    const auto request = parse(body);
    if (!request) return respond(400, R"({"error":"BadRequest"})");
    const std::string username = string_or_empty(*request, "username");
    {
      const std::lock_guard lock(mutex_);
      const auto it = challenges_.find(string_or_empty(*request, "session"));
      if (it == challenges_.end() || it->second != username ||
          string_or_empty(*request, "code") != kMfaCode) {
        return respond(401, kUnauthorized);
      }
      challenges_.erase(it);
    }
    const std::string refresh_token = "REFRESH-SECRET-" + username + "-mfa";
    return respond(200, tokens_json(username, &refresh_token));
  }

  HttpResult refresh(const std::string& body) {
    const auto request = parse(body);
    if (!request) return respond(400, R"({"error":"BadRequest"})");
    std::string username;
    {
      const std::lock_guard lock(mutex_);
      const auto it = refresh_token_owner_.find(string_or_empty(*request, "token"));
      if (it == refresh_token_owner_.end()) return respond(401, kUnauthorized);
      username = it->second;
    }
    return respond(200, tokens_json(username, nullptr));  // the partner API never rotates it
  }

  HttpResult logout(const std::string& body) {
    const auto request = parse(body);
    if (!request) return respond(400, R"({"error":"BadRequest"})");
    const std::lock_guard lock(mutex_);
    refresh_token_owner_.erase(string_or_empty(*request, "token"));
    return HttpResponse{204, {}, {}};
  }

  HttpResult api(const HttpRequest& request) {
    const std::string authorization{request.headers.find("Authorization").value_or("")};
    const std::string token =
        authorization.starts_with("Bearer ") ? authorization.substr(7) : std::string{};
    {
      const std::lock_guard lock(mutex_);
      if (access_tokens_.count(token) == 0) return respond(401, kUnauthorized);
    }
    const auto claims = decode_claims(token);
    if (!claims || !claims->exp || !(clock_.now() < from_epoch_seconds(*claims->exp))) {
      return respond(401, kUnauthorized);
    }
    return respond(
        200,
        json{{"path", path_of(request.url)},
             {"method", request.method},
             {"partner", std::string{request.headers.find("X-Preferred-Partner-Id").value_or("")}}}
            .dump());
  }

  const Clock& clock_;
  const std::chrono::seconds lifetime_;
  std::mutex mutex_;
  std::atomic<int> minted_{0};
  std::map<std::string, std::string> refresh_token_owner_;  // live refresh token -> username
  std::map<std::string, std::string> challenges_;           // MFA session -> username
  std::set<std::string> access_tokens_;
};

}  // namespace freshauth::testing
