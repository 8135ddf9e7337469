#include "freshauth/stores/plain_file_secret_store.h"

#include "freshauth/platform/private_file.h"
#include "stores/secret_name.h"

namespace freshauth {

PlainFileSecretStore::PlainFileSecretStore(std::filesystem::path folder,
                                           platform::FileWriter writer)
    : folder_(std::move(folder)), writer_(std::move(writer)) {}

std::filesystem::path PlainFileSecretStore::file_for(const std::string& name) const {
  return folder_ / (name + ".secret");
}

Result<std::optional<std::string>> PlainFileSecretStore::get(const std::string& name) {
  if (auto valid = detail::check_secret_name(name); !valid) return valid.error();
  return platform::read_private_file(file_for(name));
}

Result<void> PlainFileSecretStore::put(const std::string& name, const std::string& secret) {
  if (auto valid = detail::check_secret_name(name); !valid) return valid;
  return platform::write_file_atomically(file_for(name), secret, writer_);
}

Result<void> PlainFileSecretStore::erase(const std::string& name) {
  if (auto valid = detail::check_secret_name(name); !valid) return valid;
  return platform::remove_file(file_for(name));
}

std::string PlainFileSecretStore::describe() const {
  return "plain files in " + folder_.string() +
         " (UNENCRYPTED, mode 0600: the development default; use an encrypted or "
         "credential-helper store in production)";
}

}  // namespace freshauth
