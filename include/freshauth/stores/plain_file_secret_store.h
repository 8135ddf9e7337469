#pragma once

#include <filesystem>

#include "freshauth/platform/file_writer.h"
#include "freshauth/stores/secret_store.h"

namespace freshauth {

/// The development default: each secret in `<folder>/<name>.secret`, UNENCRYPTED, protected only
/// by its mode (0600) and the folder's (0700). Anyone who can read your files as you, or your
/// backups, can read the refresh token. Use SodiumFileSecretStore or CommandSecretStore for
/// anything that matters.
class PlainFileSecretStore final : public SecretStore {
 public:
  explicit PlainFileSecretStore(std::filesystem::path folder,
                                platform::FileWriter writer = platform::system_file_writer());

  Result<std::optional<std::string>> get(const std::string& name) override;
  Result<void> put(const std::string& name, const std::string& secret) override;
  Result<void> erase(const std::string& name) override;
  std::string describe() const override;

 private:
  std::filesystem::path file_for(const std::string& name) const;

  std::filesystem::path folder_;
  platform::FileWriter writer_;
};

}  // namespace freshauth
