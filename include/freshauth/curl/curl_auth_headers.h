#pragma once

#include <curl/curl.h>

#include <memory>

#include "freshauth/http/auth_headers.h"

namespace freshauth {

struct CurlSlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using CurlHeaderList = std::unique_ptr<curl_slist, CurlSlistDeleter>;

/// For code that drives libcurl itself: the snapshot's headers plus `extra` (taken over) as one
/// list. Keep the list alive until the transfer has finished.
CurlHeaderList make_curl_header_list(const AuthHeaders& auth, CurlHeaderList extra = nullptr);

/// Sets CURLOPT_HTTPHEADER on `curl` to the snapshot's headers plus `extra`; returns the list,
/// which must outlive curl_easy_perform().
CurlHeaderList apply_auth_headers(CURL* curl, const AuthHeaders& auth,
                                  CurlHeaderList extra = nullptr);

}  // namespace freshauth
