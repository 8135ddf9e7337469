#pragma once

#include <atomic>

namespace freshauth::metrics {

/// A value that goes up and down (open connections). Lock-free; safe from any thread.
class Gauge {
 public:
  /// Replaces the value.
  void set(double value) noexcept { value_.store(value, std::memory_order_relaxed); }
  /// Adds `by`, which may be negative.
  void add(double by) noexcept { value_.fetch_add(by, std::memory_order_relaxed); }
  /// The current value.
  double value() const noexcept { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0.0};
};

}  // namespace freshauth::metrics
