#pragma once

#include <curl/curl.h>

#include <array>
#include <chrono>
#include <string>

#include "freshauth/curl/curl_auth_headers.h"
#include "freshauth/curl/curl_transport.h"

namespace freshauth::detail {

// One easy handle, configured once with the transport's options, that performs requests one at a
// time. It remembers the per-request options it last set (URL, header list, timeout, method) and
// sets only those that differ, so repeated calls cost what they cost a caller driving libcurl by
// hand with one long-lived handle. Its keep-alive connections stay with it, and so does the last
// call's header list (an access token among them) until the next call or its end, as with such a
// handle. Not thread-safe: a pool lends it to one caller at a time.
class ConfiguredEasy {
 public:
  ConfiguredEasy(const CurlTransportOptions& options, CURLSH* share);
  ~ConfiguredEasy();
  ConfiguredEasy(const ConfiguredEasy&) = delete;
  ConfiguredEasy& operator=(const ConfiguredEasy&) = delete;

  // The request's body is read during the call only.
  HttpResult perform(const HttpRequest& request);

 private:
  void set_url(const std::string& url);
  void set_headers(const HttpHeaders& headers);
  void set_timeout(std::chrono::milliseconds timeout);
  void set_method_and_body(const HttpRequest& request);
  HttpHeaders response_headers();

  std::chrono::milliseconds default_timeout_;
  std::string user_agent_;
  // The handle points at these; the destructor cleans the handle up before they go.
  std::array<char, CURL_ERROR_SIZE> error_buffer_{};
  std::string body_;
  CurlHeaderList proxy_header_list_;
  CURL* curl_;

  std::string url_;
  HttpHeaders sent_headers_;  // what header_list_ was built from
  CurlHeaderList header_list_;
  std::chrono::milliseconds timeout_{-1};
  bool plain_get_ = true;  // a new handle, like a reset one, is set for GET without a body
};

}  // namespace freshauth::detail
