#include "plain_curl_get.h"

#include <stdexcept>

namespace freshauth::bench {
namespace {

std::size_t keep_body(char* data, std::size_t size, std::size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

}  // namespace

PlainCurlGet::PlainCurlGet(const std::string& url, const AuthHeaders& auth)
    : curl_(curl_easy_init()) {
  if (curl_ == nullptr) throw std::runtime_error("curl_easy_init failed");
  headers_ = apply_auth_headers(
      curl_, auth, CurlHeaderList{curl_slist_append(nullptr, "Accept: application/json")});
  curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, &keep_body);
  curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &body_);
}

PlainCurlGet::~PlainCurlGet() { curl_easy_cleanup(curl_); }

bool PlainCurlGet::get() {
  body_.clear();
  const CURLcode code = curl_easy_perform(curl_);
  long status = 0;
  curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &status);
  return code == CURLE_OK && status == 200;
}

}  // namespace freshauth::bench
