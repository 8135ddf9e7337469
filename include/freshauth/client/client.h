#pragma once

#include <memory>
#include <string>

#include "freshauth/client/api_response.h"
#include "freshauth/core/session_engine.h"
#include "freshauth/http/authorizing_transport.h"
#include "freshauth/http/http_transport.h"

namespace freshauth {

struct ClientOptions {
  std::string base_url;                      ///< e.g. "https://api.example.com"; paths are appended
  std::shared_ptr<HttpTransport> transport;  ///< default: a CurlTransport with default options
  HttpHeaders default_headers = {{"Accept", "application/json"}};
};

/// Calls an API with the engine's session: a fresh token before every call, Authorization and
/// X-Preferred-Partner-Id from one snapshot, and no retry on 401 (the session is cleared and the
/// caller must sign in again). The auth step is AuthorizingTransport's; Client adds the base URL,
/// default headers, JSON, and turns statuses into errors. Thread-safe; the engine must outlive
/// the client.
class Client {
 public:
  Client(SessionEngine& engine, ClientOptions options);

  /// Errors: not_signed_in / session_expired (including a 401 now), transient (network, 408, 429,
  /// 5xx, with Retry-After), invalid_argument (other 4xx). The message has the status and a short,
  /// token-free body excerpt.
  Result<ApiResponse> try_request(const std::string& method, const std::string& path,
                                  const std::string& body = {}, const HttpHeaders& headers = {});
  /// Throws AuthError, or HttpError (an AuthError) for a non-2xx status other than 401.
  ApiResponse request(const std::string& method, const std::string& path,
                      const std::string& body = {}, const HttpHeaders& headers = {});

  ApiResponse get(const std::string& path) { return request("GET", path); }
  ApiResponse post(const std::string& path, const nlohmann::json& body);
  ApiResponse put(const std::string& path, const nlohmann::json& body);
  ApiResponse del(const std::string& path) { return request("DELETE", path); }

 private:
  struct Attempt;
  Attempt attempt(const std::string& method, const std::string& path, const std::string& body,
                  const HttpHeaders& headers);

  SessionEngine& engine_;
  ClientOptions options_;
  AuthorizingTransport authorizing_;
};

}  // namespace freshauth
