#include "freshauth/metrics/prometheus_text.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace freshauth::metrics {
namespace {

TEST(PrometheusText, RendersHelpTypeAndSamples) {
  const std::vector<MetricFamily> families{
      {"jobs_total",
       "Jobs done.",
       MetricType::counter,
       {{"", {{"queue", "a"}}, 3}, {"", {{"queue", "b"}}, 0}}},
      {"temperature", "Degrees.", MetricType::gauge, {{"", {}, -2.5}}},
  };
  EXPECT_EQ(render_prometheus_text(families),
            "# HELP jobs_total Jobs done.\n"
            "# TYPE jobs_total counter\n"
            "jobs_total{queue=\"a\"} 3\n"
            "jobs_total{queue=\"b\"} 0\n"
            "# HELP temperature Degrees.\n"
            "# TYPE temperature gauge\n"
            "temperature -2.5\n");
}

TEST(PrometheusText, EscapesLabelValuesAndHelp) {
  EXPECT_EQ(escape_label_value(R"(a\b"c)"
                               "\nd"),
            R"(a\\b\"c\nd)");
  const std::vector<MetricFamily> families{
      {"x", "line one\nback\\slash \"quoted\"", MetricType::gauge, {{"", {{"path", "/a\"b"}}, 1}}}};
  EXPECT_EQ(render_prometheus_text(families),
            "# HELP x line one\\nback\\\\slash \"quoted\"\n"
            "# TYPE x gauge\n"
            "x{path=\"/a\\\"b\"} 1\n");
}

TEST(PrometheusText, FormatsValuesAsTheFormatSpellsThem) {
  EXPECT_EQ(format_value(0), "0");
  EXPECT_EQ(format_value(42), "42");
  EXPECT_EQ(format_value(0.005), "0.005");
  EXPECT_EQ(format_value(21.0625), "21.0625");
  EXPECT_EQ(format_value(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(format_value(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(format_value(std::nan("")), "NaN");
}

TEST(PrometheusText, ContentTypeIsVersion004) {
  EXPECT_EQ(Exposition{}.content_type, "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace
}  // namespace freshauth::metrics
