#include "freshauth/core/shared_session_store.h"

namespace freshauth {

std::unique_ptr<ChangeWatch> SharedSessionStore::watch(const std::string& /*key*/,
                                                       std::chrono::milliseconds poll) {
  return polling_watch(poll);
}

}  // namespace freshauth
