#include "demo/demo_latency.h"

#include <gtest/gtest.h>

#include <random>

namespace freshauth::cli {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;

TEST(LatencyHistogram, EmptyReportsZero) {
  const LatencyHistogram histogram;
  EXPECT_EQ(histogram.count(), 0u);
  EXPECT_EQ(histogram.percentile(50), microseconds{0});
  EXPECT_EQ(histogram.percentile(99), microseconds{0});
}

TEST(LatencyHistogram, SmallValuesAreExact) {
  for (std::uint64_t v = 0; v < 64; ++v) {
    EXPECT_EQ(LatencyHistogram::highest_in(LatencyHistogram::bucket_of(v)), v) << v;
  }
}

TEST(LatencyHistogram, BucketsAreContiguousAndAtMostThreePercentWide) {
  std::uint64_t previous_bucket = 0;
  for (std::uint64_t v = 1; v < 5'000'000; v += 1 + v / 300) {
    const auto bucket = LatencyHistogram::bucket_of(v);
    EXPECT_GE(bucket, previous_bucket);
    previous_bucket = bucket;
    const std::uint64_t highest = LatencyHistogram::highest_in(bucket);
    ASSERT_GE(highest, v);
    EXPECT_LE(static_cast<double>(highest - v), static_cast<double>(v) / 32.0 + 1) << v;
    EXPECT_EQ(LatencyHistogram::bucket_of(highest), bucket) << v;
    EXPECT_EQ(LatencyHistogram::bucket_of(highest + 1), bucket + 1) << v;
  }
}

TEST(LatencyHistogram, HugeValuesLandInTheLastBucket) {
  LatencyHistogram histogram;
  histogram.record(std::chrono::hours{100});
  EXPECT_EQ(histogram.count(), 1u);
  EXPECT_EQ(LatencyHistogram::bucket_of(~std::uint64_t{0}),
            LatencyHistogram::bucket_of(1ull << 40));
}

TEST(LatencyHistogram, NearestRankPercentiles) {
  LatencyHistogram histogram;
  for (int us = 1; us <= 100; ++us) histogram.record(microseconds{us});
  EXPECT_EQ(histogram.count(), 100u);
  EXPECT_EQ(histogram.percentile(50), microseconds{50});
  EXPECT_EQ(histogram.percentile(99), microseconds{99});
  EXPECT_EQ(histogram.percentile(100), microseconds{100});
  EXPECT_EQ(histogram.percentile(0), microseconds{1});
  EXPECT_EQ(histogram.max(), microseconds{100});
}

TEST(LatencyHistogram, PercentileNeverExceedsTheMaximumSeen) {
  LatencyHistogram histogram;
  histogram.record(microseconds{1000});  // bucket 992..1007
  EXPECT_EQ(histogram.percentile(99), microseconds{1000});
}

TEST(LatencyHistogram, LargeValuesWithinBucketPrecision) {
  LatencyHistogram histogram;
  for (int i = 0; i < 98; ++i) histogram.record(milliseconds{2});
  histogram.record(milliseconds{250});
  histogram.record(milliseconds{900});
  EXPECT_NEAR(static_cast<double>(histogram.percentile(50).count()), 2000, 2000 / 32.0);
  EXPECT_NEAR(static_cast<double>(histogram.percentile(99).count()), 250'000, 250'000 / 32.0);
  EXPECT_EQ(histogram.max(), milliseconds{900});
}

TEST(LatencyHistogram, MergingEqualsRecordingInOne) {
  std::mt19937 random{7};
  std::uniform_int_distribution<int> micros{1, 200'000};
  LatencyHistogram one, left, right;
  for (int i = 0; i < 10'000; ++i) {
    const microseconds value{micros(random)};
    one.record(value);
    (i % 3 == 0 ? left : right).record(value);
  }
  left.merge(right);
  EXPECT_EQ(left.count(), one.count());
  EXPECT_EQ(left.max(), one.max());
  for (const double p : {1.0, 25.0, 50.0, 90.0, 99.0, 99.9}) {
    EXPECT_EQ(left.percentile(p), one.percentile(p)) << p;
  }
}

TEST(LatencyHistogram, NegativeDurationsCountAsZero) {
  LatencyHistogram histogram;
  histogram.record(std::chrono::nanoseconds{-5});
  EXPECT_EQ(histogram.percentile(50), microseconds{0});
}

}  // namespace
}  // namespace freshauth::cli
