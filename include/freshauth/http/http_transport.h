#pragma once

#include <utility>
#include <variant>

#include "freshauth/http/http_request.h"
#include "freshauth/http/http_response.h"
#include "freshauth/http/transport_error.h"

namespace freshauth {

// A response, or the reason there is none. Any HTTP status counts as a response.
class [[nodiscard]] HttpResult {
 public:
  HttpResult(HttpResponse response) : state_(std::move(response)) {}  // NOLINT: implicit
  HttpResult(TransportError error) : state_(std::move(error)) {}      // NOLINT: implicit

  bool ok() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }
  HttpResponse& value() {
    if (!ok()) throw TransportException(std::get<1>(state_));
    return std::get<0>(state_);
  }
  HttpResponse* operator->() { return &value(); }
  HttpResponse& operator*() { return value(); }
  const TransportError& error() const { return std::get<1>(state_); }

 private:
  std::variant<HttpResponse, TransportError> state_;
};

// Sends one request and waits for the answer. Implementations are safe to call from many threads.
class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  virtual HttpResult send(const HttpRequest& request) = 0;
};

}  // namespace freshauth
