#include "freshauth/metrics/prometheus_text.h"

#include <charconv>
#include <cmath>
#include <string_view>

namespace freshauth::metrics {
namespace {

std::string_view type_name(MetricType type) {
  switch (type) {
    case MetricType::counter:
      return "counter";
    case MetricType::gauge:
      return "gauge";
    case MetricType::histogram:
      return "histogram";
  }
  return "untyped";
}

// HELP text escapes backslash and newline only; label values also escape the double quote.
std::string escape(std::string_view text, bool quote) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && quote) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string escape_label_value(std::string_view value) { return escape(value, true); }

// Integers print without a fraction, other values in the shortest form that reads back exactly.
std::string format_value(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buffer[32];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return ec == std::errc{} ? std::string(buffer, end) : std::string{"NaN"};
}

std::string render_prometheus_text(const std::vector<MetricFamily>& families) {
  std::string out;
  for (const auto& family : families) {
    out += "# HELP " + family.name + " " + escape(family.help, false) + "\n";
    out += "# TYPE " + family.name + " " + std::string{type_name(family.type)} + "\n";
    for (const auto& sample : family.samples) {
      out += family.name + sample.suffix;
      if (!sample.labels.empty()) {
        out += '{';
        for (std::size_t i = 0; i < sample.labels.size(); ++i) {
          if (i > 0) out += ',';
          out +=
              sample.labels[i].first + "=\"" + escape_label_value(sample.labels[i].second) + "\"";
        }
        out += '}';
      }
      out += ' ' + format_value(sample.value) + '\n';
    }
  }
  return out;
}

}  // namespace freshauth::metrics
