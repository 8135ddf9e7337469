#pragma once

#include <curl/curl.h>

#include <array>
#include <mutex>

namespace freshauth::detail {

// Calls curl_global_init once per process, before the first handle is made.
void ensure_curl_initialized();

// A CURLSH that lets easy handles on any thread share the DNS cache and TLS sessions. The
// connection cache is not shared: libcurl does not support sharing connections between
// concurrently running threads; each pooled easy handle keeps its own keep-alive connections.
class CurlShare {
 public:
  CurlShare();
  ~CurlShare();
  CurlShare(const CurlShare&) = delete;
  CurlShare& operator=(const CurlShare&) = delete;

  CURLSH* get() const { return share_; }

 private:
  static void lock(CURL* handle, curl_lock_data data, curl_lock_access access, void* self);
  static void unlock(CURL* handle, curl_lock_data data, void* self);

  CURLSH* share_;
  std::array<std::mutex, CURL_LOCK_DATA_LAST> mutexes_;
};

}  // namespace freshauth::detail
