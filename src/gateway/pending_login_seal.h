#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "freshauth/stores/encryption_key.h"
#include "gateway/pending_login.h"

// A pending sign-in sealed for a store other processes can read (Redis): the login encrypted
// with XChaCha20-Poly1305 under a key derived from the gateway's session key (so the two keys
// never seal each other's records), with the store key it is kept under as associated data.
// Nothing of an in-flight sign-in is readable in the store, and a value edited, or moved to
// another state's key, does not open.
namespace freshauth::gateway {

class PendingLoginSeal {
 public:
  explicit PendingLoginSeal(const EncryptionKey& session_key);
  ~PendingLoginSeal();
  PendingLoginSeal(const PendingLoginSeal&) = delete;
  PendingLoginSeal& operator=(const PendingLoginSeal&) = delete;

  std::string seal(const PendingLogin& login, std::string_view stored_under) const;
  // nullopt when `sealed` was not sealed here for `stored_under` (edited, moved, another key).
  std::optional<PendingLogin> open(std::string_view sealed, std::string_view stored_under) const;

 private:
  std::array<unsigned char, EncryptionKey::kSize> key_{};
};

}  // namespace freshauth::gateway
