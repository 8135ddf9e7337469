// Bringing your own libcurl: take one AuthHeaders snapshot per request and hand it to the easy
// handle; report a 401 with the snapshot's generation instead of retrying.
#include <curl/curl.h>

#include <iostream>
#include <string>

#include "example_session.h"
#include "freshauth/curl/curl_auth_headers.h"
#include "freshauth/http/auth_headers.h"

namespace {

std::size_t collect(char* data, std::size_t size, std::size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

}  // namespace

int main() {
  auto engine = example::signed_in_engine();
  if (!engine) return 1;
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURL* curl = curl_easy_init();

  const auto auth = freshauth::AuthHeaders::from(engine->ensure_fresh());
  freshauth::CurlHeaderList extra{curl_slist_append(nullptr, "Accept: application/json")};
  const freshauth::CurlHeaderList headers =
      freshauth::apply_auth_headers(curl, auth, std::move(extra));

  std::string body;
  const std::string url = example::base_url() + "/api/user";
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  const CURLcode code = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup(curl);
  curl_global_cleanup();

  if (code != CURLE_OK) {
    std::cerr << curl_easy_strerror(code) << "\n";
    return 1;
  }
  if (status == 401) {
    engine->report_unauthorized(auth.generation);  // the session is over: sign in again
    std::cerr << "session expired\n";
    return 1;
  }
  std::cout << status << " " << body << "\n";
  return status == 200 ? 0 : 1;
}
