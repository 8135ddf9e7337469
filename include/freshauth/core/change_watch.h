#pragma once

#include <chrono>
#include <memory>

namespace freshauth {

/// One waiting refresh's ear on one session's shared record and lease (SharedSessionStore::
/// watch()). Begun before the record is read, so that a change made between that read and the
/// wait is not missed.
class ChangeWatch {
 public:
  using Deadline = std::chrono::steady_clock::time_point;

  virtual ~ChangeWatch() = default;
  /// Blocks until the store tells of a change to the record or the lease since the watch began or
  /// the last wait returned (true: read them again), or until `until` (false). A store that cannot
  /// tell, or cannot now (its notices are not being heard), returns after the watch's poll
  /// interval at the latest. True is also returned when notices were lost (a reconnection): a
  /// change may have gone unheard.
  virtual bool wait(Deadline until) = 0;
};

/// The watch of a store that tells of no change: each wait() sleeps `poll`, or until `until` if
/// that comes first, and returns false.
std::unique_ptr<ChangeWatch> polling_watch(std::chrono::milliseconds poll);

}  // namespace freshauth
