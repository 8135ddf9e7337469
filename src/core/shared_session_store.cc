#include "freshauth/core/shared_session_store.h"

namespace freshauth {

std::unique_ptr<ChangeWatch> SharedSessionStore::watch(const std::string& /*key*/,
                                                       std::chrono::milliseconds poll) {
  return polling_watch(poll);
}

Result<std::optional<std::size_t>> SharedSessionStore::count_planned_refresh(
    const std::vector<std::int64_t>& /*seconds*/, std::uint32_t /*crowded*/) {
  return std::optional<std::size_t>{};
}

}  // namespace freshauth
