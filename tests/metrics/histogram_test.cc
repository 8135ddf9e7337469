#include "freshauth/metrics/histogram.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>
#include <stdexcept>

namespace freshauth::metrics {
namespace {

using ::testing::ElementsAre;

TEST(Histogram, AValueOnABoundCountsInThatBucket) {
  Histogram histogram({0.5, 1.0, 2.0});
  histogram.observe(0.5);    // le="0.5"
  histogram.observe(0.51);   // le="1"
  histogram.observe(1.0);    // le="1"
  histogram.observe(2.0);    // le="2"
  histogram.observe(2.001);  // +Inf only
  histogram.observe(-1.0);   // below every bound: the first bucket
  const auto snapshot = histogram.snapshot();
  EXPECT_THAT(snapshot.upper_bounds, ElementsAre(0.5, 1.0, 2.0));
  EXPECT_THAT(snapshot.cumulative, ElementsAre(2u, 4u, 5u));
  EXPECT_EQ(snapshot.count, 6u);
  EXPECT_DOUBLE_EQ(snapshot.sum, 0.5 + 0.51 + 1.0 + 2.0 + 2.001 - 1.0);
}

TEST(Histogram, EmptyHistogramIsAllZeros) {
  const auto snapshot = Histogram({1.0}).snapshot();
  EXPECT_THAT(snapshot.cumulative, ElementsAre(0u));
  EXPECT_EQ(snapshot.count, 0u);
  EXPECT_EQ(snapshot.sum, 0.0);
}

TEST(Histogram, BoundsMustBeFiniteAndIncreasing) {
  EXPECT_THROW(Histogram({1.0, 1.0}), std::invalid_argument);
  EXPECT_THROW(Histogram({2.0, 1.0}), std::invalid_argument);
  EXPECT_THROW(Histogram({1.0, std::numeric_limits<double>::infinity()}), std::invalid_argument);
  EXPECT_NO_THROW(Histogram(std::vector<double>{}));  // only +Inf
}

TEST(Histogram, DefaultLatencyBucketsGoFrom5msTo10s) {
  EXPECT_THAT(default_latency_buckets(),
              ElementsAre(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10));
}

}  // namespace
}  // namespace freshauth::metrics
