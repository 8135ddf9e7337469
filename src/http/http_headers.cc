#include "freshauth/http/http_headers.h"

#include <algorithm>

namespace freshauth {
HttpHeaders::HttpHeaders(std::initializer_list<Field> fields) : fields_(fields) {}

std::optional<std::string_view> HttpHeaders::find(std::string_view name) const {
  for (const auto& [field, value] : fields_) {
    if (equals_ignoring_case(field, name)) return std::string_view{value};
  }
  return std::nullopt;
}

void HttpHeaders::set(std::string name, std::string value) {
  remove(name);
  fields_.emplace_back(std::move(name), std::move(value));
}

void HttpHeaders::add(std::string name, std::string value) {
  fields_.emplace_back(std::move(name), std::move(value));
}

void HttpHeaders::remove(std::string_view name) {
  std::erase_if(fields_,
                [&](const Field& field) { return equals_ignoring_case(field.first, name); });
}

}  // namespace freshauth
