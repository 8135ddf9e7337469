#include "freshauth/server/server_request.h"

#include <algorithm>
#include <cctype>

namespace freshauth::server {

bool CaseInsensitiveLess::operator()(std::string_view a, std::string_view b) const {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) <
           std::tolower(static_cast<unsigned char>(y));
  });
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
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return type;
}

}  // namespace freshauth::server
