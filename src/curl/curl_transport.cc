#include "freshauth/curl/curl_transport.h"

#include <curl/curl.h>

#include <array>

#include "curl/curl_error.h"
#include "curl/curl_handle_pool.h"
#include "curl/curl_share.h"

namespace freshauth {
namespace {

struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

// The query string may carry secrets (codes, signatures): messages name the call without it.
std::string describe_call(const HttpRequest& request) {
  const auto query = request.url.find_first_of("?#");
  return request.method + " " + request.url.substr(0, query);
}

std::size_t append_body(char* data, std::size_t size, std::size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

std::string_view trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

// Called once per header line, status line included. A new status line (after a 100 Continue or
// an informational response) starts the header set afresh.
std::size_t append_header(char* data, std::size_t size, std::size_t count, void* out) {
  auto& headers = *static_cast<HttpHeaders*>(out);
  const std::string_view line{data, size * count};
  if (line.starts_with("HTTP/")) {
    headers = {};
  } else if (const auto colon = line.find(':'); colon != std::string_view::npos) {
    headers.add(std::string{trim(line.substr(0, colon))},
                std::string{trim(line.substr(colon + 1))});
  }
  return size * count;
}

Slist make_header_list(const HttpHeaders& headers) {
  Slist list;
  auto append = [&](const std::string& line) {
    curl_slist* grown = curl_slist_append(list.get(), line.c_str());
    if (grown == nullptr) throw std::bad_alloc();
    (void)list.release();
    list.reset(grown);
  };
  for (const auto& [name, value] : headers.fields()) {
    // "Name;" is curl's spelling of a header with an empty value; "Name:" would remove it.
    append(value.empty() ? name + ";" : name + ": " + value);
  }
  if (!headers.contains("Expect")) append("Expect:");  // no 100-continue round trip
  return list;
}

void set_method_and_body(CURL* curl, const HttpRequest& request) {
  const bool has_body = !request.body.empty() || request.method == "POST" ||
                        request.method == "PUT" || request.method == "PATCH";
  if (has_body) {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
    if (request.method != "POST") {
      curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }
  } else if (request.method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else if (request.method == "GET") {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  } else {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
}

}  // namespace

class CurlTransport::Impl {
 public:
  explicit Impl(CurlTransportOptions options)
      : options_(std::move(options)), pool_(options_.max_idle_connections) {}

  HttpResult send(const HttpRequest& request) {
    detail::CurlEasy handle = pool_.acquire();
    HttpResult result = perform(handle.get(), request);
    pool_.release(std::move(handle));
    return result;
  }

 private:
  HttpResult perform(CURL* curl, const HttpRequest& request) {
    // Reset keeps the handle's connections, DNS entries and TLS sessions; only options go.
    curl_easy_reset(curl);
    std::array<char, CURL_ERROR_SIZE> error_buffer{};
    HttpResponse response;
    const Slist header_list = make_header_list(request.headers);
    const auto timeout = request.timeout.value_or(options_.timeout);

    curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(curl, CURLOPT_SHARE, share_.get());
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer.data());
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(options_.connect_timeout.count()));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
    curl_easy_setopt(curl, CURLOPT_HTTP_VERSION,
                     options_.prefer_http2 ? CURL_HTTP_VERSION_2TLS : CURL_HTTP_VERSION_1_1);
    curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, options_.verify_tls ? 1L : 0L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, options_.verify_tls ? 2L : 0L);
    if (!options_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, options_.ca_file.c_str());
    curl_easy_setopt(curl, CURLOPT_USERAGENT, options_.user_agent.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, header_list.get());
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &append_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, &append_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response.headers);
    set_method_and_body(curl, request);

    const CURLcode code = curl_easy_perform(curl);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);  // the buffer dies with this frame
    if (code != CURLE_OK) {
      return detail::transport_error_from(code, describe_call(request), error_buffer.data());
    }
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    response.status = static_cast<int>(status);
    return response;
  }

  CurlTransportOptions options_;
  detail::CurlShare share_;  // outlives the pooled handles that point at it
  detail::CurlHandlePool pool_;
};

CurlTransport::CurlTransport(CurlTransportOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

CurlTransport::~CurlTransport() = default;

HttpResult CurlTransport::send(const HttpRequest& request) { return impl_->send(request); }

}  // namespace freshauth
