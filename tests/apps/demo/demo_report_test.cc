#include "demo/demo_report.h"

#include <gtest/gtest.h>

#include <sstream>

namespace freshauth::cli {
namespace {

using std::chrono::microseconds;
using namespace std::chrono_literals;

RunSummary improved_run() {
  RunSummary run;
  run.engine = "improved";
  run.elapsed_seconds = 90.04;
  run.token_lifetime = 20s;
  run.requests_ok = 281234;
  run.refresh_calls = 9;
  run.failed_refresh_calls = 2;
  run.final_generation = 8;
  run.all = {281234, microseconds{412}, microseconds{1203}, microseconds{15000}};
  run.refresh_window = {1400, microseconds{430}, microseconds{1310}, microseconds{3000}};
  return run;
}

RunSummary naive_run() {
  RunSummary run;
  run.engine = "naive";
  run.policy.max_threshold_fraction = 1.0;
  run.policy.serve_current_in_soft_window = false;
  run.policy.trust_token_claims = false;
  run.elapsed_seconds = 90;
  run.token_lifetime = 20s;
  run.requests_ok = 12345;
  run.rejected_401 = 64;
  run.signed_out = 1170;
  run.forced_sign_ins = 4;
  run.all = {12345, microseconds{3200}, microseconds{120000}, microseconds{300000}};
  return run;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in{text};
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(DemoReport, Milliseconds) {
  EXPECT_EQ(format_millis(microseconds{412}, 1), "0.41 ms");
  EXPECT_EQ(format_millis(microseconds{12345}, 1), "12.3 ms");
  EXPECT_EQ(format_millis(microseconds{250400}, 1), "250 ms");
  EXPECT_EQ(format_millis(microseconds{1'250'000}, 1), "1,250 ms");
  EXPECT_EQ(format_millis(microseconds{0}, 0), "-");
}

TEST(DemoReport, FailuresAddUpAndLifetimesAreElapsedOverLifetime) {
  const RunSummary run = naive_run();
  EXPECT_EQ(run.requests_failed(), 64u + 1170u);
  EXPECT_DOUBLE_EQ(run.lifetimes_elapsed(), 4.5);
  RunSummary no_lifetime;
  EXPECT_EQ(no_lifetime.lifetimes_elapsed(), 0);
}

TEST(DemoReport, TableHasOneAlignedColumnPerRun) {
  const std::string table = format_table({improved_run(), naive_run()});
  const auto lines = lines_of(table);
  ASSERT_GT(lines.size(), 10u);
  for (const auto& line : lines) EXPECT_EQ(line.size(), lines.front().size()) << line;
  EXPECT_NE(lines.front().find("improved"), std::string::npos);
  EXPECT_NE(lines.front().find("naive"), std::string::npos);
  const auto row = [&](const std::string& label) {
    for (const auto& line : lines) {
      if (line.rfind("  " + label + " ", 0) == 0) return line;
    }
    ADD_FAILURE() << "no row " << label << " in\n" << table;
    return std::string{};
  };
  EXPECT_NE(row("requests ok").find("281,234"), std::string::npos);
  EXPECT_NE(row("requests ok").find("12,345"), std::string::npos);
  EXPECT_NE(row("requests failed").find("1,234"), std::string::npos);
  EXPECT_NE(row("forced sign-ins (user logged out)").find("4"), std::string::npos);
  EXPECT_NE(row("refresh calls per token lifetime").find("2.0"), std::string::npos);
  EXPECT_NE(row("latency p50, all requests").find("0.41 ms"), std::string::npos);
  EXPECT_NE(row("latency p99, all requests").find("120 ms"), std::string::npos);
  // The naive run had no successful request in a refresh window: nothing to report, not zero.
  EXPECT_TRUE(row("latency p50, in refresh windows").ends_with(" -"));
}

TEST(DemoReport, SingleRunTable) {
  const auto lines = lines_of(format_table({improved_run()}));
  for (const auto& line : lines) EXPECT_EQ(line.size(), lines.front().size()) << line;
  EXPECT_EQ(lines.front().find("naive"), std::string::npos);
}

TEST(DemoReport, JsonCarriesSettingsAndEveryRun) {
  DemoOptions options;
  options.faults = true;
  options.expires_in_overstatement = 3600s;
  const auto json = to_json(options, {improved_run(), naive_run()});
  EXPECT_EQ(json["settings"]["threads"], 64);
  EXPECT_EQ(json["settings"]["token_lifetime_seconds"], 20);
  EXPECT_EQ(json["settings"]["expires_in_overstatement_seconds"], 3600);
  EXPECT_TRUE(json["settings"]["faults"].get<std::string>().starts_with("/auth/refresh_token "));
  EXPECT_TRUE(json["settings"]["seed"].is_null());
  ASSERT_EQ(json["runs"].size(), 2u);
  const auto& improved = json["runs"][0];
  EXPECT_EQ(improved["engine"], "improved");
  EXPECT_EQ(improved["requests_failed"], 0);
  EXPECT_EQ(improved["refresh_calls"], 9);
  EXPECT_EQ(improved["failed_refresh_calls"], 2);
  EXPECT_DOUBLE_EQ(improved["token_lifetimes_elapsed"].get<double>(), 4.5);
  EXPECT_DOUBLE_EQ(improved["refresh_calls_per_lifetime"].get<double>(), 2.0);
  EXPECT_DOUBLE_EQ(improved["latency_ms"]["all"]["p50"].get<double>(), 0.412);
  EXPECT_EQ(improved["policy"]["serve_current_in_soft_window"], true);
  const auto& naive = json["runs"][1];
  EXPECT_EQ(naive["requests_failed"], 1234);
  EXPECT_EQ(naive["failures"]["rejected_401"], 64);
  EXPECT_EQ(naive["failures"]["signed_out"], 1170);
  EXPECT_EQ(naive["forced_sign_ins"], 4);
  EXPECT_EQ(naive["policy"]["trust_token_claims"], false);
  EXPECT_EQ(naive["latency_ms"]["refresh_window"]["requests"], 0);
}

TEST(DemoReport, ProgressLine) {
  LiveCounts counts{"improved", 42.4, 90, 123456, 0, 9, 2, 10, 13.2};
  EXPECT_EQ(
      progress_status(counts),
      "improved 42/90s  ok 123,456  failed 0  refreshes 9 (2 failed)  gen 10  expires in 13s");
  counts.failed_refresh_calls = 0;
  counts.refresh_calls = 1234;
  EXPECT_EQ(progress_status(counts),
            "improved 42/90s  ok 123,456  failed 0  refreshes 1,234  gen 10  expires in 13s");
  counts.expires_in_seconds = -0.5;
  EXPECT_NE(progress_status(counts).find("EXPIRED"), std::string::npos);
}

}  // namespace
}  // namespace freshauth::cli
