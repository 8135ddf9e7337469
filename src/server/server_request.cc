#include "freshauth/server/server_request.h"

#include <algorithm>
#include <cctype>

#include "freshauth/core/ascii_text.h"

namespace freshauth::server {

bool CaseInsensitiveLess::operator()(std::string_view a, std::string_view b) const {
  return less_ignoring_case(a, b);
}

std::optional<std::string> ServerRequest::header(std::string_view name) const {
  const auto it = headers.find(std::string{name});
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

std::string ServerRequest::media_type() const {
  std::string type = header("Content-Type").value_or("");
  type = type.substr(0, type.find(';'));
  std::erase_if(type, [](unsigned char c) { return std::isspace(c); });
  return to_ascii_lower(type);
}

}  // namespace freshauth::server
