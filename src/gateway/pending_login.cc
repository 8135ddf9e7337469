#include "gateway/pending_login.h"

#include <openssl/crypto.h>

namespace freshauth::gateway {

bool started_by(const PendingLogin& login, std::string_view browser_binding) {
  return login.browser_binding.size() == browser_binding.size() &&
         CRYPTO_memcmp(login.browser_binding.data(), browser_binding.data(),
                       browser_binding.size()) == 0;
}

}  // namespace freshauth::gateway
