#pragma once

#include <curl/curl.h>

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace freshauth::testing {

struct UnixSocketResponse {
  long status = 0;    // 0 when the call failed: see error
  std::string error;  // libcurl's message
  std::string body;
  std::string headers;  // the raw header block
};

// An HTTP/1.1 client on a Unix domain socket (libcurl's CURLOPT_UNIX_SOCKET_PATH), one handle,
// so consecutive calls reuse the connection. Each call has a deadline: a hang fails the test.
class UnixSocketClient {
 public:
  explicit UnixSocketClient(std::string path,
                            std::chrono::milliseconds timeout = std::chrono::seconds{10})
      : path_(std::move(path)), timeout_(timeout), curl_(curl_easy_init(), &curl_easy_cleanup) {}

  UnixSocketResponse get(const std::string& target, const std::vector<std::string>& headers = {}) {
    return send("GET", target, {}, headers);
  }
  // `headers`: "Name: value" lines.
  UnixSocketResponse send(const std::string& method, const std::string& target,
                          const std::string& body, const std::vector<std::string>& headers = {}) {
    UnixSocketResponse response;
    CURL* curl = curl_.get();
    curl_easy_reset(curl);
    curl_slist* list = nullptr;
    for (const auto& header : headers) list = curl_slist_append(list, header.c_str());
    const std::string url = "http://localhost" + target;
    curl_easy_setopt(curl, CURLOPT_UNIX_SOCKET_PATH, path_.c_str());
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
    if (method != "GET") {
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    }
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_.count()));
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &append);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &append);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response.headers);
    const CURLcode code = curl_easy_perform(curl);
    curl_slist_free_all(list);
    if (code != CURLE_OK) {
      response.error = curl_easy_strerror(code);
      return response;
    }
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
    return response;
  }

 private:
  static std::size_t append(char* data, std::size_t size, std::size_t count, void* out) {
    static_cast<std::string*>(out)->append(data, size * count);
    return size * count;
  }

  std::string path_;
  std::chrono::milliseconds timeout_;
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl_;
};

}  // namespace freshauth::testing
