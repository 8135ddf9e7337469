#include "freshauth/curl/curl_auth_headers.h"

#include <new>
#include <string>

namespace freshauth {
namespace {

void append(CurlHeaderList& list, const std::string& line) {
  curl_slist* grown = curl_slist_append(list.get(), line.c_str());
  if (grown == nullptr) throw std::bad_alloc();
  (void)list.release();
  list.reset(grown);
}

}  // namespace

CurlHeaderList make_curl_header_list(const AuthHeaders& auth, CurlHeaderList extra) {
  CurlHeaderList list = std::move(extra);
  const HttpHeaders headers = auth.as_headers();
  for (const auto& [name, value] : headers.fields()) append(list, name + ": " + value);
  return list;
}

CurlHeaderList apply_auth_headers(CURL* curl, const AuthHeaders& auth, CurlHeaderList extra) {
  CurlHeaderList list = make_curl_header_list(auth, std::move(extra));
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list.get());
  return list;
}

}  // namespace freshauth
