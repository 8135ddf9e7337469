#include "credentials/secret_store_factory.h"

#include <sstream>

#include "freshauth/stores/command_secret_store.h"
#include "freshauth/stores/plain_file_secret_store.h"
#include "freshauth/stores/sodium_file_secret_store.h"

namespace freshauth {
namespace {

Error setting_error(std::string message) {
  return {Errc::invalid_argument, std::move(message), {}};
}

Result<EncryptionKey> sodium_key(const ProfileSettings& settings, const Environment& env) {
  if (settings.secret_key_file) return EncryptionKey::from_file(*settings.secret_key_file);
  if (auto text = env(EncryptionKey::kDefaultVariable)) {
    return EncryptionKey::parse(*text, std::string{"$"} + EncryptionKey::kDefaultVariable);
  }
  return setting_error(
      "secret_store = sodium needs a key: set secret_key_file (a 0600 file holding 64 hex "
      "digits, e.g. from `openssl rand -hex 32`) or $FRESHAUTH_SECRET_KEY");
}

std::vector<std::string> split_on_spaces(const std::string& command) {
  std::istringstream words{command};
  std::vector<std::string> parts;
  for (std::string word; words >> word;) parts.push_back(word);
  return parts;
}

}  // namespace

Result<std::shared_ptr<SecretStore>> make_secret_store(const ProfileSettings& settings,
                                                       const std::filesystem::path& state_dir,
                                                       const Environment& env) {
  const std::string kind = settings.secret_store.value_or("file");
  if (kind == "file") {
    return std::shared_ptr<SecretStore>{std::make_shared<PlainFileSecretStore>(state_dir)};
  }
  if (kind == "sodium") {
    auto key = sodium_key(settings, env);
    if (!key) return key.error();
    return std::shared_ptr<SecretStore>{
        std::make_shared<SodiumFileSecretStore>(state_dir, std::move(*key))};
  }
  if (kind == "command") {
    auto command = split_on_spaces(settings.secret_command.value_or(""));
    if (command.empty()) {
      return setting_error(
          "secret_store = command needs secret_command: the credential helper to run "
          "(see docs/credential-helpers.md)");
    }
    return std::shared_ptr<SecretStore>{std::make_shared<CommandSecretStore>(std::move(command))};
  }
  return setting_error("unknown secret_store `" + kind + "`: use file, sodium or command");
}

}  // namespace freshauth
