#pragma once

#include <atomic>
#include <mutex>
#include <set>
#include <string>

#include "freshauth/http/http_transport.h"

namespace freshauth::testing {

// An introspection endpoint in memory: tokens are active unless revoked; it can be taken down
// (no answer) or made to answer one status. Counts the requests and keeps the last one.
class FakeIntrospectionEndpoint final : public HttpTransport {
 public:
  HttpResult send(const HttpRequest& request) override {
    ++requests;
    std::string token;
    {
      const std::lock_guard lock{mutex_};
      last_request_ = request;
      token = request.body.substr(0, request.body.find('&'));
    }
    if (down) return TransportError{TransportErrc::connect_failed, "connection refused", 7};
    if (const int forced = status; forced != 0) return HttpResponse{forced, {}, "{}"};
    const std::lock_guard lock{mutex_};
    const bool active = !revoked_.contains(token);
    return HttpResponse{
        200,
        {{"Content-Type", "application/json"}},
        active ? R"({"active":true,"client_id":"c","scope":"read"})" : R"({"active":false})"};
  }

  // `token` as form-encoded in the request ("token=..." with our test tokens' characters).
  void revoke(const std::string& token) {
    const std::lock_guard lock{mutex_};
    revoked_.insert("token=" + token);
  }
  HttpRequest last_request() const {
    const std::lock_guard lock{mutex_};
    return last_request_;
  }

  std::atomic<int> requests{0};
  std::atomic<bool> down{false};
  std::atomic<int> status{0};  // non-zero: every answer has this status

 private:
  mutable std::mutex mutex_;
  std::set<std::string> revoked_;
  HttpRequest last_request_;
};

}  // namespace freshauth::testing
