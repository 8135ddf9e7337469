#pragma once

#include <deque>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "freshauth/http/http_transport.h"

namespace freshauth::testing {

// An HttpTransport that answers from a script, in order, and keeps every request it was sent.
// With the script used up it answers 500, so a test that sends more than it expected fails.
class ScriptedHttpTransport final : public HttpTransport {
 public:
  // Queues an answer: a response with this status, body and headers...
  void reply(int status, std::string body, HttpHeaders headers = {}) {
    const std::lock_guard lock(mutex_);
    script_.emplace_back(HttpResponse{status, std::move(headers), std::move(body)});
  }
  // ...or no response at all (a timeout, a refused connection).
  void fail(TransportErrc code, std::string message) {
    const std::lock_guard lock(mutex_);
    script_.emplace_back(TransportError{code, std::move(message)});
  }

  HttpResult send(const HttpRequest& request) override {
    const std::lock_guard lock(mutex_);
    requests_.push_back(request);
    if (script_.empty()) return HttpResponse{500, {}, "script exhausted"};
    HttpResult next = std::move(script_.front());
    script_.pop_front();
    return next;
  }

  std::vector<HttpRequest> requests() const {
    const std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  mutable std::mutex mutex_;
  std::deque<HttpResult> script_;
  std::vector<HttpRequest> requests_;
};

}  // namespace freshauth::testing
