#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "freshauth/core/clock.h"
#include "freshauth/core/token_claims.h"
#include "freshauth/server/http_server.h"
#include "freshauth/server/server_response.h"

namespace freshauth::testing {

// The API behind a gateway, on 127.0.0.1 port 0: records what each request under /api/ carried
// and refuses, with 401 as a real API would, a token that has expired on the test's clock (or
// the next one, after refuse_next()). GET /app/... is a single-page app's page, served to anyone
// (and recorded too), for routes without a session.
class RecordingUpstream {
 public:
  struct Seen {
    std::string target, authorization, partner_id, cookie, csrf;
    bool expired = false;
    std::string forwarded_for;  // X-Forwarded-For: who called the gateway
  };

  explicit RecordingUpstream(std::shared_ptr<const Clock> clock) : clock_(std::move(clock)) {
    server::Router router;
    router.add_prefix(std::string{server::kAnyMethod}, "/api/",
                      [this](server::ServerRequest request, server::Responder respond) {
                        respond(answer(request));
                      });
    router.add_prefix("GET", "/app/",
                      [this](server::ServerRequest request, server::Responder respond) {
                        respond(page(request));
                      });
    server_ = std::make_unique<server::HttpServer>(server::HttpServerOptions{}, std::move(router));
    if (!server_->start()) throw std::runtime_error("the recording upstream cannot start");
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }

  std::vector<Seen> seen() {
    const std::lock_guard lock(mutex_);
    return seen_;
  }
  void refuse_next() { refuse_next_ = true; }

 private:
  server::ServerResponse answer(const server::ServerRequest& request) {
    Seen seen{request.target,
              request.header("Authorization").value_or(""),
              request.header("X-Preferred-Partner-Id").value_or(""),
              request.header("Cookie").value_or(""),
              request.header("X-CSRF").value_or(""),
              false,
              request.header("X-Forwarded-For").value_or("")};
    const std::string token = seen.authorization.starts_with("Bearer ")
                                  ? seen.authorization.substr(std::string_view{"Bearer "}.size())
                                  : std::string{};
    auto claims = decode_claims(token);
    seen.expired = !claims || !claims->exp || !(to_epoch_seconds(clock_->now()) < *claims->exp);
    const bool refuse = seen.expired || refuse_next_.exchange(false);
    record(seen);
    if (refuse) return server::json_error(401, "invalid_token", "refused");
    return server::json_response(200, {{"items", {1, 2, 3}}});
  }

  server::ServerResponse page(const server::ServerRequest& request) {
    record({request.target, request.header("Authorization").value_or(""),
            request.header("X-Preferred-Partner-Id").value_or(""),
            request.header("Cookie").value_or(""), request.header("X-CSRF").value_or(""), false,
            request.header("X-Forwarded-For").value_or("")});
    server::ServerResponse response;
    response.set_header("Content-Type", "text/html; charset=utf-8");
    response.body = "<!doctype html><title>app</title>";
    return response;
  }

  void record(Seen seen) {
    const std::lock_guard lock(mutex_);
    seen_.push_back(std::move(seen));
  }

  std::shared_ptr<const Clock> clock_;
  std::mutex mutex_;
  std::vector<Seen> seen_;
  std::atomic<bool> refuse_next_{false};
  std::unique_ptr<server::HttpServer> server_;
};

}  // namespace freshauth::testing
