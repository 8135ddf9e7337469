#pragma once

#include <curl/curl.h>

#include <string>

#include "freshauth/curl/curl_auth_headers.h"
#include "freshauth/http/auth_headers.h"

namespace freshauth::bench {

// The baseline: what a hand-written client without freshauth does for the same GET. One easy
// handle configured once (URL, the same headers Client sends, a fixed token: no refresh logic),
// reused for every call, keeping the body as any client that uses the answer must.
class PlainCurlGet {
 public:
  PlainCurlGet(const std::string& url, const AuthHeaders& auth);
  ~PlainCurlGet();
  PlainCurlGet(const PlainCurlGet&) = delete;
  PlainCurlGet& operator=(const PlainCurlGet&) = delete;

  bool get();  ///< true on a 200

 private:
  std::string body_;
  CURL* curl_;
  CurlHeaderList headers_;
};

}  // namespace freshauth::bench
