// The only test file that names the libcurl transport.
#include "support/http_probe.h"

#include "freshauth/core/percent_encoding.h"
#include "freshauth/curl/curl_transport.h"

namespace freshauth::testing {

std::string form_encode(const FormPairs& fields) {
  std::string out;
  for (const auto& [name, value] : fields) {
    if (!out.empty()) out += '&';
    out += percent_encode(name) + "=" + percent_encode(value);
  }
  return out;
}

std::string header_of(const HttpResponse& response, std::string_view name) {
  return std::string{response.headers.find(name).value_or("")};
}

namespace {

std::shared_ptr<HttpTransport> transport_for(const HttpProbeOptions& options) {
  CurlTransportOptions curl;
  curl.connect_timeout = options.timeout;
  curl.timeout = options.timeout;
  return std::make_shared<CurlTransport>(curl);
}

}  // namespace

HttpProbe::HttpProbe(std::string origin, HttpProbeOptions options)
    : origin_(std::move(origin)), options_(options), transport_(transport_for(options)) {}

HttpProbe::~HttpProbe() = default;
HttpProbe::HttpProbe(HttpProbe&&) noexcept = default;

HttpResult HttpProbe::get(const std::string& target, HttpHeaders headers) {
  return send("GET", target, {}, std::move(headers));
}

HttpResult HttpProbe::post(const std::string& target, std::string body, std::string content_type,
                           HttpHeaders headers) {
  headers.set("Content-Type", std::move(content_type));
  return send("POST", target, std::move(body), std::move(headers));
}

HttpResult HttpProbe::post_json(const std::string& target, const nlohmann::json& body,
                                HttpHeaders headers) {
  return post(target, body.dump(), "application/json", std::move(headers));
}

HttpResult HttpProbe::post_form(const std::string& target, const FormPairs& fields,
                                HttpHeaders headers) {
  return post(target, form_encode(fields), "application/x-www-form-urlencoded", std::move(headers));
}

HttpResult HttpProbe::put(const std::string& target, std::string body, std::string content_type,
                          HttpHeaders headers) {
  headers.set("Content-Type", std::move(content_type));
  return send("PUT", target, std::move(body), std::move(headers));
}

HttpResult HttpProbe::send(std::string method, const std::string& target, std::string body,
                           HttpHeaders headers) {
  if (options_.keep_cookies && !cookies_.empty()) {
    std::string cookie;
    for (const auto& [name, value] : cookies_) {
      cookie += (cookie.empty() ? "" : "; ") + name + "=" + value;
    }
    headers.set("Cookie", cookie);
  }
  HttpResult result = transport_->send(
      {std::move(method), origin_ + target, std::move(headers), std::move(body), options_.timeout});
  if (result && options_.keep_cookies) {
    for (const auto& [name, value] : result->headers.fields()) {
      if (!equals_ignoring_case(name, "Set-Cookie")) continue;
      const std::string pair = value.substr(0, value.find(';'));
      const auto equals = pair.find('=');
      if (equals == std::string::npos) continue;
      std::erase_if(cookies_,
                    [&](const auto& kept) { return kept.first == pair.substr(0, equals); });
      cookies_.emplace_back(pair.substr(0, equals), pair.substr(equals + 1));
    }
  }
  return result;
}

}  // namespace freshauth::testing
