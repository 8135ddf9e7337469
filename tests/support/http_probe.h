#pragma once

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "freshauth/http/http_transport.h"

namespace freshauth::testing {

using FormPairs = std::vector<std::pair<std::string, std::string>>;

struct HttpProbeOptions {
  std::chrono::milliseconds timeout{10'000};  // the whole call, connect included
  bool keep_cookies = false;
};

// A small HTTP client for tests that talk to a server directly (the idp's routes, the HTTP
// server, the sign-in forms), on the project's own transport. Never follows redirects: a test
// sees the 302 and its Location. With keep_cookies, Set-Cookie answers are sent back.
// A failed call is the transport's error, which names the call; the deadline is `timeout`.
class HttpProbe {
 public:
  // `origin`: "http://127.0.0.1:PORT"; targets are paths with their query.
  explicit HttpProbe(std::string origin, HttpProbeOptions options = {});
  ~HttpProbe();
  HttpProbe(HttpProbe&&) noexcept;

  HttpResult get(const std::string& target, HttpHeaders headers = {});
  HttpResult post(const std::string& target, std::string body, std::string content_type,
                  HttpHeaders headers = {});
  HttpResult post_json(const std::string& target, const nlohmann::json& body,
                       HttpHeaders headers = {});
  HttpResult post_form(const std::string& target, const FormPairs& fields,
                       HttpHeaders headers = {});
  HttpResult put(const std::string& target, std::string body, std::string content_type,
                 HttpHeaders headers = {});
  HttpResult send(std::string method, const std::string& target, std::string body = {},
                  HttpHeaders headers = {});

  const std::string& origin() const { return origin_; }

 private:
  std::string origin_;
  HttpProbeOptions options_;
  std::shared_ptr<HttpTransport> transport_;
  std::vector<std::pair<std::string, std::string>> cookies_;
};

// Percent-encoded application/x-www-form-urlencoded text of `fields`.
std::string form_encode(const FormPairs& fields);
// The first value of a response header, empty when absent.
std::string header_of(const HttpResponse& response, std::string_view name);

}  // namespace freshauth::testing
