#include "freshauth/stores/sodium_file_secret_store.h"

#include <sodium.h>

#include <string_view>

#include "freshauth/platform/file_errors.h"
#include "freshauth/platform/private_file.h"
#include "stores/secret_name.h"

namespace freshauth {
namespace {

// File layout: magic, nonce, then the box of "<name>\0<secret>".
constexpr std::string_view kMagic = "FAS1";
constexpr std::size_t kHeader = kMagic.size() + crypto_secretbox_NONCEBYTES;

std::string sealed_plaintext(const std::string& name, const std::string& secret) {
  std::string text = name;
  text.push_back('\0');
  text += secret;
  return text;
}

}  // namespace

SodiumFileSecretStore::SodiumFileSecretStore(std::filesystem::path folder, EncryptionKey key,
                                             platform::FileWriter writer)
    : folder_(std::move(folder)), key_(std::move(key)), writer_(std::move(writer)) {}

std::filesystem::path SodiumFileSecretStore::file_for(const std::string& name) const {
  return folder_ / (name + ".sealed");
}

Result<std::optional<std::string>> SodiumFileSecretStore::get(const std::string& name) {
  if (auto valid = detail::check_secret_name(name); !valid) return valid.error();
  const auto path = file_for(name);
  auto file = platform::read_private_file(path);
  if (!file || !*file) return file;
  const std::string& sealed = **file;
  const auto unusable = [&](const char* why) {
    return platform::storage_error("cannot decrypt secret \"" + name + "\" in " + path.string() +
                                   ": " + why + "; restore the right key (" + key_.origin() +
                                   ") or the file, or remove it and sign in again");
  };
  if (sealed.size() < kHeader + crypto_secretbox_MACBYTES || !sealed.starts_with(kMagic)) {
    return unusable("not a sealed secret file (truncated or corrupt)");
  }
  const auto* nonce = reinterpret_cast<const unsigned char*>(sealed.data() + kMagic.size());
  const auto* box = reinterpret_cast<const unsigned char*>(sealed.data() + kHeader);
  const std::size_t box_size = sealed.size() - kHeader;
  std::string plain(box_size - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()), box, box_size,
                                 nonce, key_.data()) != 0) {
    return unusable("wrong key, or the file was modified");
  }
  const std::string expected_prefix = sealed_plaintext(name, "");
  if (!plain.starts_with(expected_prefix)) {
    sodium_memzero(plain.data(), plain.size());
    return unusable("the file was sealed for another secret name");
  }
  std::string secret = plain.substr(expected_prefix.size());
  sodium_memzero(plain.data(), plain.size());
  return std::optional<std::string>{std::move(secret)};
}

Result<void> SodiumFileSecretStore::put(const std::string& name, const std::string& secret) {
  if (auto valid = detail::check_secret_name(name); !valid) return valid;
  std::string plain = sealed_plaintext(name, secret);
  std::string sealed(kHeader + crypto_secretbox_MACBYTES + plain.size(), '\0');
  sealed.replace(0, kMagic.size(), kMagic);
  auto* nonce = reinterpret_cast<unsigned char*>(sealed.data() + kMagic.size());
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(reinterpret_cast<unsigned char*>(sealed.data() + kHeader),
                        reinterpret_cast<const unsigned char*>(plain.data()), plain.size(), nonce,
                        key_.data());
  sodium_memzero(plain.data(), plain.size());
  return platform::write_file_atomically(file_for(name), sealed, writer_);
}

Result<void> SodiumFileSecretStore::erase(const std::string& name) {
  if (auto valid = detail::check_secret_name(name); !valid) return valid;
  return platform::remove_file(file_for(name));
}

std::string SodiumFileSecretStore::describe() const {
  return "encrypted files (libsodium secretbox) in " + folder_.string() + ", " + key_.origin();
}

}  // namespace freshauth
