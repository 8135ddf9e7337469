#include "stores/secret_name.h"

#include <algorithm>

namespace freshauth::detail {

Result<void> check_secret_name(const std::string& name) {
  const auto allowed = [](unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  };
  if (name.empty() || name.size() > 128 || name.front() == '.' ||
      !std::all_of(name.begin(), name.end(), allowed)) {
    return Error{Errc::invalid_argument,
                 "secret names are 1-128 characters from [A-Za-z0-9._-] and do not start with "
                 "a dot",
                 {}};
  }
  return {};
}

}  // namespace freshauth::detail
