#include "form_encoding.h"

#include <curl/curl.h>
#include <openssl/evp.h>

#include <memory>
#include <stdexcept>

namespace freshauth::detail {

std::string form_encode(std::string_view text) {
  if (text.empty()) return {};
  // Since curl 7.82 the handle is unused and may be null.
  const std::unique_ptr<char, decltype(&curl_free)> escaped{
      curl_easy_escape(nullptr, text.data(), static_cast<int>(text.size())), &curl_free};
  if (!escaped) throw std::bad_alloc();
  return escaped.get();
}

std::string basic_authorization(std::string_view client_id, std::string_view client_secret) {
  const std::string joined = form_encode(client_id) + ":" + form_encode(client_secret);
  std::string encoded(4 * ((joined.size() + 2) / 3) + 1, '\0');
  const int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()),
                                     reinterpret_cast<const unsigned char*>(joined.data()),
                                     static_cast<int>(joined.size()));
  encoded.resize(static_cast<std::size_t>(length));
  return "Basic " + encoded;
}

}  // namespace freshauth::detail
