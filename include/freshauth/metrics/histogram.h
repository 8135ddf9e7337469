#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace freshauth::metrics {

/// Upper bounds in seconds for request and refresh latencies: 5 ms to 10 s.
std::vector<double> default_latency_buckets();

/// A histogram's counts at one moment. `cumulative[i]` counts observations <= `upper_bounds[i]`;
/// `count` counts all of them (the +Inf bucket).
struct HistogramSnapshot {
  std::vector<double> upper_bounds;
  std::vector<std::uint64_t> cumulative;
  std::uint64_t count = 0;
  double sum = 0.0;
};

/// Counts observations into fixed buckets, Prometheus style: a value equal to a bound falls into
/// that bound's bucket (`le` is "less or equal"). Lock-free; safe from any thread.
class Histogram {
 public:
  /// `upper_bounds` must be strictly increasing and finite (+Inf is implied).
  explicit Histogram(std::vector<double> upper_bounds = default_latency_buckets());

  /// Records one value (seconds, bytes...).
  void observe(double value) noexcept;
  /// The counts so far. Taken bucket by bucket while others may observe: the sum may lag the
  /// counts by an observation in flight, the buckets never disagree with `count`.
  HistogramSnapshot snapshot() const;

 private:
  std::vector<double> upper_bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;  ///< one per bound, then +Inf
  std::atomic<double> sum_{0.0};
};

}  // namespace freshauth::metrics
