#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "freshauth/metrics/metric_family.h"

namespace freshauth::metrics {

/// The Content-Type of the Prometheus text exposition format 0.0.4.
inline constexpr std::string_view kPrometheusContentType =
    "text/plain; version=0.0.4; charset=utf-8";

/// What an HTTP handler answers to a scrape: any server can mount it.
struct Exposition {
  std::string body;
  std::string content_type{kPrometheusContentType};
};

/// Renders families in the text format 0.0.4: "# HELP" and "# TYPE" per family, then its
/// samples; label values and help text escaped as the format says.
std::string render_prometheus_text(const std::vector<MetricFamily>& families);

/// A sample value as the format spells it: "3", "0.25", "+Inf", "NaN".
std::string format_value(double value);

/// `value` escaped for a label value: backslash, double quote and newline.
std::string escape_label_value(std::string_view value);

}  // namespace freshauth::metrics
