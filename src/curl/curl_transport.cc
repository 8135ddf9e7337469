#include "freshauth/curl/curl_transport.h"

#include "curl/configured_easy.h"
#include "curl/curl_handle_pool.h"
#include "curl/curl_share.h"

namespace freshauth {

class CurlTransport::Impl {
 public:
  explicit Impl(CurlTransportOptions options)
      : options_(std::move(options)), pool_(options_.max_idle_connections) {}

  HttpResult send(const HttpRequest& request) {
    std::unique_ptr<detail::ConfiguredEasy> handle = pool_.acquire();
    if (!handle) handle = std::make_unique<detail::ConfiguredEasy>(options_, share_.get());
    HttpResult result = handle->perform(request);
    pool_.release(std::move(handle));
    return result;
  }

 private:
  CurlTransportOptions options_;
  detail::CurlShare share_;  // outlives the pooled handles that point at it
  detail::CurlHandlePool pool_;
};

CurlTransport::CurlTransport(CurlTransportOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

CurlTransport::~CurlTransport() = default;

HttpResult CurlTransport::send(const HttpRequest& request) { return impl_->send(request); }

}  // namespace freshauth
