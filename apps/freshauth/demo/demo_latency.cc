#include "demo/demo_latency.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace freshauth::cli {
namespace {

constexpr std::uint64_t kSubBuckets = 32;

}  // namespace

// Values below 32 have a bucket each. Above, the power of two e = floor(log2 v) is split into 32
// equal parts: bucket 32 + (e - 5) * 32 + (v >> (e - 5)) - 32.
std::size_t LatencyHistogram::bucket_of(std::uint64_t micros) {
  const std::uint64_t largest = (std::uint64_t{1} << kMaxExponent) - 1;
  micros = std::min(micros, largest);
  if (micros < kSubBuckets) return static_cast<std::size_t>(micros);
  const auto exponent = static_cast<int>(std::bit_width(micros)) - 1;
  const int shift = exponent - kSubBucketBits;
  return static_cast<std::size_t>(kSubBuckets + shift * kSubBuckets + (micros >> shift) -
                                  kSubBuckets);
}

std::uint64_t LatencyHistogram::highest_in(std::size_t bucket) {
  if (bucket < kSubBuckets) return bucket;
  const std::uint64_t shift = (bucket - kSubBuckets) / kSubBuckets;
  const std::uint64_t sub = (bucket - kSubBuckets) % kSubBuckets + kSubBuckets;
  return ((sub + 1) << shift) - 1;
}

void LatencyHistogram::record(std::chrono::nanoseconds latency) {
  const auto micros = static_cast<std::uint64_t>(std::max<std::int64_t>(
      0, std::chrono::duration_cast<std::chrono::microseconds>(latency).count()));
  ++counts_[bucket_of(micros)];
  ++count_;
  max_ = std::max(max_, micros);
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  for (std::size_t i = 0; i < kBuckets; ++i) counts_[i] += other.counts_[i];
  count_ += other.count_;
  max_ = std::max(max_, other.max_);
}

std::chrono::microseconds LatencyHistogram::percentile(double percent) const {
  if (count_ == 0) return std::chrono::microseconds{0};
  const double clamped = std::clamp(percent, 0.0, 100.0);
  const auto rank = std::max<std::uint64_t>(
      1, static_cast<std::uint64_t>(std::ceil(clamped / 100.0 * static_cast<double>(count_))));
  std::uint64_t seen = 0;
  for (std::size_t bucket = 0; bucket < kBuckets; ++bucket) {
    seen += counts_[bucket];
    if (seen >= rank) {
      return std::chrono::microseconds{
          static_cast<std::int64_t>(std::min(highest_in(bucket), max_))};
    }
  }
  return std::chrono::microseconds{static_cast<std::int64_t>(max_)};
}

}  // namespace freshauth::cli
