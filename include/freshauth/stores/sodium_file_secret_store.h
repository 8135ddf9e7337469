#pragma once

#include <filesystem>

#include "freshauth/platform/file_writer.h"
#include "freshauth/stores/encryption_key.h"
#include "freshauth/stores/secret_store.h"

namespace freshauth {

/// Each secret encrypted with libsodium's crypto_secretbox (XSalsa20-Poly1305) in
/// `<folder>/<name>.sealed` (mode 0600), with a fresh random nonce on every write. The secret's
/// name is sealed with it, so a file copied over another name does not decrypt. A wrong key or a
/// modified file is an Errc::storage error, never garbage. Protects the refresh token at rest as
/// well as the key is protected: keep the key out of the folder and out of backups.
class SodiumFileSecretStore final : public SecretStore {
 public:
  SodiumFileSecretStore(std::filesystem::path folder, EncryptionKey key,
                        platform::FileWriter writer = platform::system_file_writer());

  Result<std::optional<std::string>> get(const std::string& name) override;
  Result<void> put(const std::string& name, const std::string& secret) override;
  Result<void> erase(const std::string& name) override;
  std::string describe() const override;

 private:
  std::filesystem::path file_for(const std::string& name) const;

  std::filesystem::path folder_;
  EncryptionKey key_;
  platform::FileWriter writer_;
};

}  // namespace freshauth
