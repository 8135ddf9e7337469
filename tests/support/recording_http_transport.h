#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "freshauth/http/http_transport.h"

namespace freshauth::testing {

// Decorates a real transport: forwards every request and keeps it with its response (or
// transport error), so a test can count calls and read what went over the wire.
class RecordingHttpTransport final : public HttpTransport {
 public:
  struct Exchange {
    HttpRequest request;
    std::optional<HttpResponse> response;  // empty when the transport failed
  };

  explicit RecordingHttpTransport(std::shared_ptr<HttpTransport> inner)
      : inner_(std::move(inner)) {}

  HttpResult send(const HttpRequest& request) override {
    HttpResult result = inner_->send(request);
    const std::lock_guard lock(mutex_);
    exchanges_.push_back(
        {request, result.ok() ? std::optional<HttpResponse>{*result} : std::nullopt});
    return result;
  }

  std::vector<Exchange> exchanges() const {
    const std::lock_guard lock(mutex_);
    return exchanges_;
  }
  // The exchanges whose request body contains `text` (e.g. "\"REFRESH_TOKEN_AUTH\"").
  std::vector<Exchange> with_body_containing(const std::string& text) const {
    std::vector<Exchange> matching;
    for (auto& exchange : exchanges()) {
      if (exchange.request.body.find(text) != std::string::npos) matching.push_back(exchange);
    }
    return matching;
  }

 private:
  std::shared_ptr<HttpTransport> inner_;
  mutable std::mutex mutex_;
  std::vector<Exchange> exchanges_;
};

}  // namespace freshauth::testing
