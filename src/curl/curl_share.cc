#include "curl/curl_share.h"

#include <stdexcept>

namespace freshauth::detail {

void ensure_curl_initialized() {
  static const CURLcode init = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (init != CURLE_OK) throw std::runtime_error("curl_global_init failed");
}

CurlShare::CurlShare() {
  ensure_curl_initialized();
  share_ = curl_share_init();
  if (share_ == nullptr) throw std::runtime_error("curl_share_init failed");
  curl_share_setopt(share_, CURLSHOPT_LOCKFUNC, &CurlShare::lock);
  curl_share_setopt(share_, CURLSHOPT_UNLOCKFUNC, &CurlShare::unlock);
  curl_share_setopt(share_, CURLSHOPT_USERDATA, this);
  // Not the DNS cache: curl takes its lock on every transfer, which halved throughput at 64
  // threads (docs/benchmarks.md), while pooled long-lived handles each keep their own cache.
  curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
}

CurlShare::~CurlShare() { curl_share_cleanup(share_); }

void CurlShare::lock(CURL* /*handle*/, curl_lock_data data, curl_lock_access /*access*/,
                     void* self) {
  static_cast<CurlShare*>(self)->mutexes_[data].lock();
}

void CurlShare::unlock(CURL* /*handle*/, curl_lock_data data, void* self) {
  static_cast<CurlShare*>(self)->mutexes_[data].unlock();
}

}  // namespace freshauth::detail
