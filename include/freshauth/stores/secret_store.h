#pragma once

#include <optional>
#include <string>

#include "freshauth/core/error.h"

namespace freshauth {

/// Somewhere to keep a long-lived secret (the refresh token) apart from the access-token cache.
/// Names are 1-128 characters from [A-Za-z0-9._-]; anything else is Errc::invalid_argument.
/// Error messages name the store and the secret, never the secret's value.
class SecretStore {
 public:
  virtual ~SecretStore() = default;
  /// nullopt when no secret of that name is stored.
  virtual Result<std::optional<std::string>> get(const std::string& name) = 0;
  virtual Result<void> put(const std::string& name, const std::string& secret) = 0;
  /// Erasing a secret that is not there succeeds.
  virtual Result<void> erase(const std::string& name) = 0;
  /// One line for status output and logs: what kind of store, where, and how well it protects.
  virtual std::string describe() const = 0;
};

}  // namespace freshauth
