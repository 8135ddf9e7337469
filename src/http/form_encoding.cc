#include "freshauth/http/form_encoding.h"

#include "freshauth/core/base64url.h"

namespace freshauth::detail {
namespace {

bool unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

}  // namespace

std::string form_escape(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (unreserved(byte)) {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0x0F];
    }
  }
  return out;
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
