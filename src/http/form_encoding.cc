#include "freshauth/http/form_encoding.h"

#include "freshauth/core/base64url.h"
#include "freshauth/core/percent_encoding.h"

namespace freshauth::detail {

std::string form_escape(std::string_view text) { return percent_encode(text); }

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
