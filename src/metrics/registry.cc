#include "freshauth/metrics/registry.h"

#include <algorithm>
#include <stdexcept>
#include <variant>

namespace freshauth::metrics {
namespace {

bool valid_name(const std::string& name, bool colons) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool letter =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colons && c == ':');
    if (!letter && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return true;
}

Labels zip(const std::vector<std::string>& names, const std::vector<std::string>& values) {
  Labels labels;
  for (std::size_t i = 0; i < names.size(); ++i) labels.emplace_back(names[i], values[i]);
  return labels;
}

void add_histogram_samples(const Labels& labels, const HistogramSnapshot& snapshot,
                           std::vector<Sample>& samples) {
  for (std::size_t i = 0; i < snapshot.upper_bounds.size(); ++i) {
    Labels with_le = labels;
    with_le.emplace_back("le", format_value(snapshot.upper_bounds[i]));
    samples.push_back({"_bucket", std::move(with_le), static_cast<double>(snapshot.cumulative[i])});
  }
  Labels with_inf = labels;
  with_inf.emplace_back("le", "+Inf");
  samples.push_back({"_bucket", std::move(with_inf), static_cast<double>(snapshot.count)});
  samples.push_back({"_sum", labels, snapshot.sum});
  samples.push_back({"_count", labels, static_cast<double>(snapshot.count)});
}

}  // namespace

struct Registry::Entry {
  std::string name;
  std::string help;
  MetricType type;
  std::variant<std::unique_ptr<Family<Counter>>, std::unique_ptr<Family<Gauge>>,
               std::unique_ptr<Family<Histogram>>>
      family;
};

Registry::Registry() = default;
Registry::~Registry() = default;

Registry::Entry& Registry::declare(std::string name, std::string help, MetricType type,
                                   const std::vector<std::string>& label_names) {
  if (!valid_name(name, true)) throw std::invalid_argument("metrics: bad metric name " + name);
  for (const auto& label : label_names) {
    if (!valid_name(label, false) || label == "le" || label.starts_with("__")) {
      throw std::invalid_argument("metrics: bad label name " + label);
    }
  }
  const std::lock_guard lock(mutex_);
  for (const auto& entry : entries_) {
    if (entry->name == name) throw std::invalid_argument("metrics: declared twice: " + name);
  }
  entries_.push_back(std::make_unique<Entry>(Entry{std::move(name), std::move(help), type, {}}));
  return *entries_.back();
}

Family<Counter>& Registry::counter(std::string name, std::string help,
                                   std::vector<std::string> label_names) {
  Entry& entry = declare(std::move(name), std::move(help), MetricType::counter, label_names);
  auto family = std::make_unique<Family<Counter>>(std::move(label_names),
                                                  [] { return std::make_unique<Counter>(); });
  if (family->label_names().empty()) (void)family->with({});
  auto& result = *family;
  const std::lock_guard lock(mutex_);
  entry.family = std::move(family);
  return result;
}

Family<Gauge>& Registry::gauge(std::string name, std::string help,
                               std::vector<std::string> label_names) {
  Entry& entry = declare(std::move(name), std::move(help), MetricType::gauge, label_names);
  auto family = std::make_unique<Family<Gauge>>(std::move(label_names),
                                                [] { return std::make_unique<Gauge>(); });
  if (family->label_names().empty()) (void)family->with({});
  auto& result = *family;
  const std::lock_guard lock(mutex_);
  entry.family = std::move(family);
  return result;
}

Family<Histogram>& Registry::histogram(std::string name, std::string help,
                                       std::vector<std::string> label_names,
                                       std::vector<double> upper_bounds) {
  const Histogram check{upper_bounds};  // bad bounds throw here, not at first use
  Entry& entry = declare(std::move(name), std::move(help), MetricType::histogram, label_names);
  auto family = std::make_unique<Family<Histogram>>(
      std::move(label_names),
      [bounds = std::move(upper_bounds)] { return std::make_unique<Histogram>(bounds); });
  if (family->label_names().empty()) (void)family->with({});
  auto& result = *family;
  const std::lock_guard lock(mutex_);
  entry.family = std::move(family);
  return result;
}

void Registry::add_collector(Collector collector) {
  const std::lock_guard lock(mutex_);
  collectors_.push_back(std::move(collector));
}

std::vector<MetricFamily> Registry::collect() const {
  std::vector<MetricFamily> families;
  std::vector<Collector> collectors;
  {
    const std::lock_guard lock(mutex_);
    for (const auto& entry : entries_) {
      MetricFamily family{entry->name, entry->help, entry->type, {}};
      auto& samples = family.samples;
      if (const auto* counters = std::get_if<0>(&entry->family); counters && *counters) {
        (*counters)->for_each([&](const auto& values, const Counter& counter) {
          samples.push_back(
              {"", zip((*counters)->label_names(), values), static_cast<double>(counter.value())});
        });
      } else if (const auto* gauges = std::get_if<1>(&entry->family); gauges && *gauges) {
        (*gauges)->for_each([&](const auto& values, const Gauge& gauge) {
          samples.push_back({"", zip((*gauges)->label_names(), values), gauge.value()});
        });
      } else if (const auto* histograms = std::get_if<2>(&entry->family);
                 histograms && *histograms) {
        (*histograms)->for_each([&](const auto& values, const Histogram& histogram) {
          add_histogram_samples(zip((*histograms)->label_names(), values), histogram.snapshot(),
                                samples);
        });
      }
      families.push_back(std::move(family));
    }
    collectors = collectors_;
  }
  // Outside the lock: a collector may take its own locks (an engine's, for instance).
  for (const auto& collector : collectors) {
    for (auto& family : collector()) families.push_back(std::move(family));
  }
  return families;
}

Exposition Registry::expose() const {
  Exposition exposition;
  exposition.body = render_prometheus_text(collect());
  return exposition;
}

}  // namespace freshauth::metrics
