#include "credentials/profile_name.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace freshauth {

Result<void> check_profile_name(std::string_view name) {
  const auto allowed = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '_' || c == '-';
  };
  if (name.empty() || name.size() > 64 || name.front() == '.' ||
      !std::all_of(name.begin(), name.end(), allowed)) {
    return Error{Errc::invalid_argument,
                 "invalid profile name `" + std::string{name} +
                     "`: use 1-64 characters from A-Z a-z 0-9 . _ - (not starting with '.')",
                 {}};
  }
  return {};
}

}  // namespace freshauth
