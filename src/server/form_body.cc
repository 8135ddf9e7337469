#include "freshauth/server/form_body.h"

namespace freshauth::server {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c != '%') {
      out.push_back(c);
    } else {
      if (text.size() - i < 3) return std::nullopt;
      const int high = hex_value(text[i + 1]);
      const int low = hex_value(text[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      out.push_back(static_cast<char>(high * 16 + low));
      i += 2;
    }
  }
  return out;
}

std::optional<FormFields> parse_form_fields(std::string_view text) {
  FormFields fields;
  while (!text.empty()) {
    const std::size_t amp = text.find('&');
    const std::string_view pair = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view{} : text.substr(amp + 1);
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    auto name = percent_decode(pair.substr(0, eq));
    auto value =
        percent_decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
    if (!name || !value) return std::nullopt;
    if (!fields.emplace(std::move(*name), std::move(*value)).second) return std::nullopt;
  }
  return fields;
}

FormBody parse_form_body(const ServerRequest& request) {
  if (request.media_type() != "application/x-www-form-urlencoded") {
    return json_error(415, "UnsupportedMediaType",
                      "the body must be application/x-www-form-urlencoded");
  }
  auto fields = parse_form_fields(request.body);
  if (!fields) {
    return json_error(400, "InvalidRequest", "the form body is malformed or repeats a field");
  }
  return std::move(*fields);
}

std::string form_field(const FormFields& fields, const std::string& name) {
  const auto it = fields.find(name);
  return it == fields.end() ? std::string{} : it->second;
}

}  // namespace freshauth::server
