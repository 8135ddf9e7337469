#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "freshauth/http/http_transport.h"

namespace freshauth {

struct CurlTransportOptions {
  std::chrono::milliseconds connect_timeout{3000};
  std::chrono::milliseconds timeout{10000};  ///< the whole call, connect included
  bool prefer_http2 = true;                  ///< over TLS, when the server offers it (ALPN)
  /// Idle connections kept for reuse; more concurrent calls than this still work, their
  /// connections are closed afterwards.
  std::size_t max_idle_connections = 16;
  bool verify_tls = true;
  std::string ca_file;  ///< empty: the system's trust store
  std::string user_agent = "freshauth/0.1";
};

/// libcurl transport. Thread-safe: reuses keep-alive connections from a pool of easy handles and
/// shares DNS and TLS sessions between them.
class CurlTransport final : public HttpTransport {
 public:
  explicit CurlTransport(CurlTransportOptions options = {});
  ~CurlTransport() override;
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  HttpResult send(const HttpRequest& request) override;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace freshauth
