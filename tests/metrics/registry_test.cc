#include "freshauth/metrics/registry.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>
#include <vector>

namespace freshauth::metrics {
namespace {

TEST(Registry, ExposesCountersGaugesAndHistogramsExactly) {
  Registry registry;
  auto& requests = registry.counter("app_requests_total", "Requests.", {"route", "code"});
  auto& open = registry.gauge("app_open", "Open things.");
  auto& latency = registry.histogram("app_latency_seconds", "Latency.", {"route"}, {0.1, 1});
  requests.with({"/b", "200"}).inc();
  requests.with({"/a", "404"}).inc(2);
  open.with({}).set(3);
  latency.with({"/a"}).observe(0.1);
  latency.with({"/a"}).observe(0.5);
  latency.with({"/a"}).observe(4);
  const Exposition exposition = registry.expose();
  EXPECT_EQ(exposition.content_type, kPrometheusContentType);
  EXPECT_EQ(exposition.body,
            "# HELP app_requests_total Requests.\n"
            "# TYPE app_requests_total counter\n"
            "app_requests_total{route=\"/a\",code=\"404\"} 2\n"
            "app_requests_total{route=\"/b\",code=\"200\"} 1\n"
            "# HELP app_open Open things.\n"
            "# TYPE app_open gauge\n"
            "app_open 3\n"
            "# HELP app_latency_seconds Latency.\n"
            "# TYPE app_latency_seconds histogram\n"
            "app_latency_seconds_bucket{route=\"/a\",le=\"0.1\"} 1\n"
            "app_latency_seconds_bucket{route=\"/a\",le=\"1\"} 2\n"
            "app_latency_seconds_bucket{route=\"/a\",le=\"+Inf\"} 3\n"
            "app_latency_seconds_sum{route=\"/a\"} 4.6\n"
            "app_latency_seconds_count{route=\"/a\"} 3\n");
}

TEST(Registry, UnlabelledFamiliesStartAtZero) {
  Registry registry;
  (void)registry.counter("c_total", "C.");
  (void)registry.histogram("h_seconds", "H.", {}, {1});
  EXPECT_EQ(registry.expose().body,
            "# HELP c_total C.\n# TYPE c_total counter\nc_total 0\n"
            "# HELP h_seconds H.\n# TYPE h_seconds histogram\n"
            "h_seconds_bucket{le=\"1\"} 0\nh_seconds_bucket{le=\"+Inf\"} 0\n"
            "h_seconds_sum 0\nh_seconds_count 0\n");
}

TEST(Registry, LabelValuesAreEscaped) {
  Registry registry;
  registry.counter("odd_total", "Odd.", {"v"}).with({"a\"b\\c\nd"}).inc();
  EXPECT_NE(registry.expose().body.find("odd_total{v=\"a\\\"b\\\\c\\nd\"} 1\n"), std::string::npos);
}

TEST(Registry, RefusesBadOrRepeatedNames) {
  Registry registry;
  EXPECT_THROW((void)registry.counter("1abc", "x"), std::invalid_argument);
  EXPECT_THROW((void)registry.counter("a-b", "x"), std::invalid_argument);
  EXPECT_THROW((void)registry.counter("ok_total", "x", {"le"}), std::invalid_argument);
  EXPECT_THROW((void)registry.counter("ok_total", "x", {"a:b"}), std::invalid_argument);
  EXPECT_THROW((void)registry.counter("ok_total", "x", {"__reserved"}), std::invalid_argument);
  EXPECT_THROW((void)registry.histogram("h", "x", {}, {2, 1}), std::invalid_argument);
  (void)registry.counter("ok_total", "x", {"route"});
  EXPECT_THROW((void)registry.gauge("ok_total", "x"), std::invalid_argument);
  EXPECT_THROW((void)registry.counter("other_total", "x", {"a"}).with({"1", "2"}),
               std::invalid_argument);
}

TEST(Registry, CollectorsAddFamiliesAtScrapeTime) {
  Registry registry;
  int scrapes = 0;
  registry.add_collector([&scrapes] {
    ++scrapes;
    return std::vector<MetricFamily>{
        {"scrapes", "Scrapes.", MetricType::gauge, {{"", {}, double(scrapes)}}}};
  });
  (void)registry.expose();
  EXPECT_EQ(registry.expose().body, "# HELP scrapes Scrapes.\n# TYPE scrapes gauge\nscrapes 2\n");
}

TEST(Registry, ManyThreadsCountEveryIncrement) {
  Registry registry;
  auto& hits = registry.counter("hits_total", "Hits.", {"thread_group"});
  auto& sizes = registry.histogram("sizes", "Sizes.", {}, {10});
  auto& level = registry.gauge("level", "Level.");
  constexpr int kThreads = 8;
  constexpr int kPerThread = 20'000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        hits.with({t % 2 == 0 ? "even" : "odd"}).inc();  // also races the child creation
        sizes.with({}).observe(i % 2 == 0 ? 1 : 100);
        level.with({}).add(1);
        if (i % 1000 == 0) (void)registry.collect();  // scrapes while others count
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(hits.with({"even"}).value() + hits.with({"odd"}).value(),
            std::uint64_t{kThreads} * kPerThread);
  EXPECT_EQ(hits.with({"even"}).value(), std::uint64_t{kThreads / 2} * kPerThread);
  const auto snapshot = sizes.with({}).snapshot();
  EXPECT_EQ(snapshot.count, std::uint64_t{kThreads} * kPerThread);
  EXPECT_EQ(snapshot.cumulative[0], std::uint64_t{kThreads} * kPerThread / 2);
  EXPECT_EQ(snapshot.sum, double(kThreads) * kPerThread / 2 * 101);
  EXPECT_EQ(level.with({}).value(), double(kThreads) * kPerThread);
}

}  // namespace
}  // namespace freshauth::metrics
