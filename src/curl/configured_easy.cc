#include "curl/configured_easy.h"

#include <curl/header.h>

#include <new>
#include <stdexcept>

#include "curl/curl_error.h"

namespace freshauth::detail {
namespace {

// The query string may carry secrets (codes, signatures): messages name the call without it.
std::string describe_call(const HttpRequest& request) {
  const auto query = request.url.find_first_of("?#");
  return request.method + " " + request.url.substr(0, query);
}

std::size_t append_body(char* data, std::size_t size, std::size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

void append(CurlHeaderList& list, const std::string& line) {
  curl_slist* grown = curl_slist_append(list.get(), line.c_str());
  if (grown == nullptr) throw std::bad_alloc();
  (void)list.release();
  list.reset(grown);
}

// The user agent travels in the list: as CURLOPT_USERAGENT it cost 1,800 more instructions per
// call (libcurl 7.88 formats it anew for every request and looks for a custom one first).
CurlHeaderList make_header_list(const HttpHeaders& headers, const std::string& user_agent) {
  CurlHeaderList list;
  for (const auto& [name, value] : headers.fields()) {
    std::string line = name;
    if (value.empty()) {
      line += ';';  // curl's spelling of a header with an empty value; "Name:" would remove it
    } else {
      line += ": ";
      line += value;
    }
    append(list, line);
  }
  if (!user_agent.empty() && !headers.contains("User-Agent")) {
    append(list, "User-Agent: " + user_agent);
  }
  if (!headers.contains("Expect")) append(list, "Expect:");  // no 100-continue round trip
  return list;
}

}  // namespace

ConfiguredEasy::ConfiguredEasy(const CurlTransportOptions& options, CURLSH* share)
    : default_timeout_(options.timeout), user_agent_(options.user_agent), curl_(curl_easy_init()) {
  if (curl_ == nullptr) throw std::runtime_error("curl_easy_init failed");
  curl_easy_setopt(curl_, CURLOPT_SHARE, share);
  curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl_, CURLOPT_ERRORBUFFER, error_buffer_.data());
  curl_easy_setopt(curl_, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(options.connect_timeout.count()));
  curl_easy_setopt(curl_, CURLOPT_HTTP_VERSION,
                   options.prefer_http2 ? CURL_HTTP_VERSION_2TLS : CURL_HTTP_VERSION_1_1);
  curl_easy_setopt(curl_, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(curl_, CURLOPT_SSL_VERIFYPEER, options.verify_tls ? 1L : 0L);
  curl_easy_setopt(curl_, CURLOPT_SSL_VERIFYHOST, options.verify_tls ? 2L : 0L);
  if (!options.ca_file.empty()) curl_easy_setopt(curl_, CURLOPT_CAINFO, options.ca_file.c_str());
  if (!user_agent_.empty()) {
    // Proxies get their headers from a list of their own (CONNECT through HTTPS_PROXY).
    append(proxy_header_list_, "User-Agent: " + user_agent_);
    curl_easy_setopt(curl_, CURLOPT_PROXYHEADER, proxy_header_list_.get());
  }
  curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, &append_body);
  curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &body_);
}

ConfiguredEasy::~ConfiguredEasy() { curl_easy_cleanup(curl_); }

HttpResult ConfiguredEasy::perform(const HttpRequest& request) {
  set_url(request.url);
  set_headers(request.headers);
  set_timeout(request.timeout.value_or(default_timeout_));
  set_method_and_body(request);
  body_.clear();
  error_buffer_[0] = '\0';

  const CURLcode code = curl_easy_perform(curl_);
  if (code != CURLE_OK) {
    body_.clear();  // a partial answer is not kept until the next call
    return transport_error_from(code, describe_call(request), error_buffer_.data());
  }
  long status = 0;
  curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &status);
  return HttpResponse{static_cast<int>(status), response_headers(), std::move(body_)};
}

void ConfiguredEasy::set_url(const std::string& url) {
  if (url == url_) return;
  curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());  // curl keeps a copy
  url_ = url;
}

void ConfiguredEasy::set_headers(const HttpHeaders& headers) {
  if (header_list_ && headers.fields() == sent_headers_.fields()) return;
  CurlHeaderList list = make_header_list(headers, user_agent_);
  curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, list.get());
  header_list_ = std::move(list);  // frees the old list, which curl no longer points at
  sent_headers_ = headers;
}

void ConfiguredEasy::set_timeout(std::chrono::milliseconds timeout) {
  if (timeout == timeout_) return;
  curl_easy_setopt(curl_, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  timeout_ = timeout;
}

void ConfiguredEasy::set_method_and_body(const HttpRequest& request) {
  const bool plain_get = request.method == "GET" && request.body.empty();
  if (plain_get && plain_get_) return;
  if (!plain_get_) {
    // Back to what a new handle has: no custom method, no body, not HEAD, GET.
    curl_easy_setopt(curl_, CURLOPT_CUSTOMREQUEST, nullptr);
    curl_easy_setopt(curl_, CURLOPT_NOBODY, 0L);
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t{-1});
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, nullptr);
    curl_easy_setopt(curl_, CURLOPT_HTTPGET, 1L);
  }
  plain_get_ = plain_get;
  if (plain_get) return;

  const bool has_body = !request.body.empty() || request.method == "POST" ||
                        request.method == "PUT" || request.method == "PATCH";
  if (has_body) {
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, request.body.data());
    if (request.method != "POST") {
      curl_easy_setopt(curl_, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }
  } else if (request.method == "HEAD") {
    curl_easy_setopt(curl_, CURLOPT_NOBODY, 1L);
  } else {
    curl_easy_setopt(curl_, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
}

// The final response's fields (and trailers) in arrival order, as curl stored them: no 1xx or
// proxy CONNECT headers, values trimmed.
HttpHeaders ConfiguredEasy::response_headers() {
  constexpr unsigned kOrigins = CURLH_HEADER | CURLH_TRAILER;
  constexpr std::size_t kTypicalCount = 8;
  HttpHeaders headers;
  headers.reserve(kTypicalCount);
  for (curl_header* field = curl_easy_nextheader(curl_, kOrigins, -1, nullptr); field != nullptr;
       field = curl_easy_nextheader(curl_, kOrigins, -1, field)) {
    headers.add(field->name, field->value);
  }
  return headers;
}

}  // namespace freshauth::detail
