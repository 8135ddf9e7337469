#pragma once

#include <curl/curl.h>

#include <memory>
#include <mutex>
#include <vector>

namespace freshauth::detail {

struct CurlEasyDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
using CurlEasy = std::unique_ptr<CURL, CurlEasyDeleter>;

// Easy handles, each with its keep-alive connections, lent out one call at a time. Keeps at most
// `max_idle` handles; the rest are closed when returned, so a burst does not leave sockets open.
class CurlHandlePool {
 public:
  explicit CurlHandlePool(std::size_t max_idle) : max_idle_(max_idle) {}

  CurlEasy acquire();
  void release(CurlEasy handle);

 private:
  std::size_t max_idle_;
  std::mutex mutex_;
  std::vector<CurlEasy> idle_;
};

}  // namespace freshauth::detail
