#pragma once

#include <array>
#include <chrono>
#include <cstdint>

namespace freshauth::cli {

// Request latencies in microseconds, in buckets about 3 % wide (exact below 64 µs), so that each
// load thread can keep its own without locks or allocation and the threads' histograms can be
// merged afterwards. Values above about 19 hours are counted as that.
class LatencyHistogram {
 public:
  void record(std::chrono::nanoseconds latency);
  void merge(const LatencyHistogram& other);

  std::uint64_t count() const { return count_; }
  // The smallest bucket value that at least `percent` % of the samples are at or below (nearest
  // rank), reported as the bucket's highest value; zero when empty.
  std::chrono::microseconds percentile(double percent) const;
  std::chrono::microseconds max() const { return std::chrono::microseconds{max_}; }

  // Exposed for tests: the bucket of a value and the highest value it holds.
  static std::size_t bucket_of(std::uint64_t micros);
  static std::uint64_t highest_in(std::size_t bucket);

 private:
  static constexpr int kSubBucketBits = 5;  // 32 sub-buckets per power of two
  static constexpr int kMaxExponent = 36;   // 2^36 µs: about 19 hours
  static constexpr std::size_t kBuckets =
      (1u << kSubBucketBits) + (kMaxExponent - kSubBucketBits) * (1u << kSubBucketBits);

  std::array<std::uint64_t, kBuckets> counts_{};
  std::uint64_t count_ = 0;
  std::uint64_t max_ = 0;
};

}  // namespace freshauth::cli
