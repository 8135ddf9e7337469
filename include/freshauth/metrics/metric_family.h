#pragma once

#include <string>
#include <utility>
#include <vector>

namespace freshauth::metrics {

/// Label names and values in order, e.g. {{"route", "/oauth2/token"}, {"code", "200"}}.
using Labels = std::vector<std::pair<std::string, std::string>>;

enum class MetricType { counter, gauge, histogram };

/// One line of the exposition: the family's name plus `suffix` ("_bucket", "_sum", "_count" or
/// empty), its labels and its value.
struct Sample {
  std::string suffix;
  Labels labels;
  double value = 0.0;
};

/// Everything under one metric name at one moment, ready to render.
struct MetricFamily {
  std::string name;
  std::string help;
  MetricType type = MetricType::counter;
  std::vector<Sample> samples;
};

}  // namespace freshauth::metrics
