#include "http/form_encoding.h"

#include <curl/curl.h>

#include <memory>
#include <new>

#include "core/base64url.h"

namespace freshauth::detail {

std::string form_escape(std::string_view text) {
  if (text.empty()) return {};
  // libcurl accepts no handle here since 7.82.
  const std::unique_ptr<char, decltype(&curl_free)> escaped(
      curl_easy_escape(nullptr, text.data(), static_cast<int>(text.size())), &curl_free);
  if (!escaped) throw std::bad_alloc();
  return escaped.get();
}

std::string form_encode(const FormParams& params) {
  std::string out;
  for (const auto& [name, value] : params) {
    if (!out.empty()) out += '&';
    out += form_escape(name);
    out += '=';
    out += form_escape(value);
  }
  return out;
}

std::string basic_authorization(std::string_view client_id, std::string_view client_secret) {
  return "Basic " + base64_encode(form_escape(client_id) + ":" + form_escape(client_secret));
}

}  // namespace freshauth::detail
