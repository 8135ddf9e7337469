#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "freshauth/metrics/counter.h"
#include "freshauth/metrics/family.h"
#include "freshauth/metrics/gauge.h"
#include "freshauth/metrics/histogram.h"
#include "freshauth/metrics/metric_family.h"
#include "freshauth/metrics/prometheus_text.h"

namespace freshauth::metrics {

/// Declares metric families and collects them for a scrape, in the order they were declared.
/// Thread-safe. Names must match [a-zA-Z_:][a-zA-Z0-9_:]* and label names [a-zA-Z_][a-zA-Z0-9_]*
/// ("le" is reserved); a bad or repeated name throws std::invalid_argument. A family without
/// labels starts at zero; labelled children appear when first used.
class Registry {
 public:
  /// Values computed at scrape time (e.g. seconds until a session expires).
  using Collector = std::function<std::vector<MetricFamily>()>;

  Registry();
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  /// A counter family; by Prometheus convention its name ends in "_total".
  Family<Counter>& counter(std::string name, std::string help,
                           std::vector<std::string> label_names = {});
  Family<Gauge>& gauge(std::string name, std::string help,
                       std::vector<std::string> label_names = {});
  Family<Histogram>& histogram(std::string name, std::string help,
                               std::vector<std::string> label_names = {},
                               std::vector<double> upper_bounds = default_latency_buckets());
  /// Adds families computed by `collector` at each collect(), after the declared ones.
  void add_collector(Collector collector);

  /// Every family's current samples; histograms as _bucket (cumulative, le="+Inf" last), _sum
  /// and _count.
  std::vector<MetricFamily> collect() const;
  /// collect(), rendered as Prometheus text.
  Exposition expose() const;

 private:
  struct Entry;
  Entry& declare(std::string name, std::string help, MetricType type,
                 const std::vector<std::string>& label_names);

  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Entry>> entries_;
  std::vector<Collector> collectors_;
};

}  // namespace freshauth::metrics
