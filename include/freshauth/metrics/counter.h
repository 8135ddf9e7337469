#pragma once

#include <atomic>
#include <cstdint>

namespace freshauth::metrics {

/// A count that only goes up (requests, refreshes). Lock-free; safe from any thread.
class Counter {
 public:
  /// Adds `by` (default 1).
  void inc(std::uint64_t by = 1) noexcept { value_.fetch_add(by, std::memory_order_relaxed); }
  /// The count so far.
  std::uint64_t value() const noexcept { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

}  // namespace freshauth::metrics
