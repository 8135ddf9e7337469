#pragma once

#include <openssl/evp.h>

#include <string>

#include "freshauth/server/form_body.h"

namespace freshauth::testing {

// An application/x-www-form-urlencoded body.
inline std::string form(const server::FormFields& fields) {
  std::string out;
  for (const auto& [name, value] : fields) {
    if (!out.empty()) out += '&';
    out += server::percent_encode(name) + "=" + server::percent_encode(value);
  }
  return out;
}

// RFC 6749 §2.3.1: base64 of the form-encoded id and secret joined by ':'.
inline std::string basic_authorization(const std::string& id, const std::string& secret) {
  const std::string joined = server::percent_encode(id) + ":" + server::percent_encode(secret);
  std::string encoded(4 * ((joined.size() + 2) / 3) + 1, '\0');
  const int length =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()),
                      reinterpret_cast<const unsigned char*>(joined.data()), joined.size());
  encoded.resize(static_cast<std::size_t>(length));
  return "Basic " + encoded;
}

}  // namespace freshauth::testing
