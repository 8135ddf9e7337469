#include "idp/password_hash.h"

#include <sodium.h>

#include <stdexcept>

#include "freshauth/idp/secrets.h"

namespace freshauth::idp {
std::optional<std::string> hash_password(std::string_view password, PasswordCost cost) {
  ensure_sodium();
  const bool minimal = cost == PasswordCost::minimal;
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(
          hash, password.data(), password.size(),
          minimal ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE,
          minimal ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE,
          crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return std::nullopt;
  }
  return std::string{hash};
}

bool verify_password(const std::string& hash, std::string_view password) {
  ensure_sodium();
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

}  // namespace freshauth::idp
