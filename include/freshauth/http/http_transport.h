#pragma once

#include "freshauth/core/expected.h"
#include "freshauth/http/http_request.h"
#include "freshauth/http/http_response.h"
#include "freshauth/http/transport_error.h"

namespace freshauth {

/// A response, or the reason there is none. Any HTTP status counts as a response.
using HttpResult = Expected<HttpResponse, TransportError>;

/// Sends one request and waits for the answer. Implementations are safe to call from many threads.
class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  virtual HttpResult send(const HttpRequest& request) = 0;
};

}  // namespace freshauth
