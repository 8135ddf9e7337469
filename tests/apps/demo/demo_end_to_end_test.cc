// `freshauth demo` run as a user would, with short settings. Asserts what must hold however
// loaded the machine is (no failed request for the improved engine, refreshes happen, JSON is
// well formed, no secret printed), never how fast anything was or how long it took. The runs are
// real time against a real server, so ctest runs them alone (RUN_SERIAL): their timing is the
// demo's and must not compete with the rest of the suite for the two cores.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "apps/demo/demo_process.h"

namespace freshauth::testing {
namespace {

using namespace std::chrono_literals;

// A password or refresh token (random base64url) or any JWT would show up as a long run of
// letters and digits in both cases; nothing the demo prints legitimately looks like that.
void expect_no_secret(const std::string& output) {
  EXPECT_EQ(output.find("eyJ"), std::string::npos) << "a JWT was printed";
  static const std::regex long_word{"[A-Za-z0-9_-]{20,}"};
  for (std::sregex_iterator it{output.begin(), output.end(), long_word}, end; it != end; ++it) {
    const std::string word = it->str();
    const bool upper = std::any_of(word.begin(), word.end(), ::isupper);
    const bool lower = std::any_of(word.begin(), word.end(), ::islower);
    EXPECT_FALSE(upper && lower) << "secret-looking output: " << word;
  }
}

// Token lifetimes of 4 s: `iat` is whole seconds, so a token can die up to 1 s before the
// client's estimate; at 4 s that still leaves a second for the half-life refresh to land, even on
// a loaded machine.

struct Finished {
  int exit_code;
  nlohmann::json summary;
  std::string out, err;
};

Finished run_demo(std::vector<std::string> args) {
  DemoProcess process{std::move(args)};
  Finished finished{process.wait(), nullptr, process.out(), process.err()};
  finished.summary = nlohmann::json::parse(finished.out, nullptr, /*allow_exceptions=*/false);
  expect_no_secret(finished.out);
  expect_no_secret(finished.err);
  EXPECT_TRUE(std::filesystem::is_empty(process.tmp_dir())) << "the demo left files behind";
  return finished;
}

const nlohmann::json& run_of(const Finished& finished, std::size_t index) {
  static const nlohmann::json none = nlohmann::json::object();
  if (finished.summary.is_discarded() || finished.summary["runs"].size() <= index) {
    ADD_FAILURE() << "no run " << index << " in\n" << finished.out << finished.err;
    return none;
  }
  return finished.summary["runs"][index];
}

void expect_no_failed_request(const nlohmann::json& run) {
  EXPECT_EQ(run.value("engine", ""), "improved");
  EXPECT_EQ(run.value("requests_failed", -1), 0) << run.dump(2);
  EXPECT_GT(run.value("requests_ok", 0), 0);
  EXPECT_EQ(run.value("forced_sign_ins", -1), 0);
  // Every successful refresh made exactly one new generation on top of the sign-in's.
  EXPECT_EQ(run.value("final_generation", 0),
            1 + run.value("refresh_calls", 0) - run.value("failed_refresh_calls", 0));
}

TEST(DemoEndToEnd, ImprovedEngineRefreshesAboutOncePerHalfLifeAndNoRequestFails) {
  const auto done =
      run_demo({"demo", "--threads", "8", "--duration", "8", "--token-lifetime", "4", "--json"});
  EXPECT_EQ(done.exit_code, 0) << done.err;
  ASSERT_FALSE(done.summary.is_discarded()) << done.out;
  EXPECT_EQ(done.summary["settings"]["threads"], 8);
  EXPECT_TRUE(done.summary["settings"]["faults"].is_null());
  ASSERT_EQ(done.summary["runs"].size(), 1u);
  const auto& run = run_of(done, 0);
  expect_no_failed_request(run);
  // 8 s of 4 s tokens refreshed at half-life: about 4 calls; never a storm, never none.
  EXPECT_GE(run.value("refresh_calls", 0), 1);
  EXPECT_LE(run.value("refresh_calls", 100), 10);
  EXPECT_EQ(run["policy"]["max_threshold_fraction"], 0.5);
}

TEST(DemoEndToEnd, InjectedRefreshFaultsAreAbsorbed) {
  // Seeded: refreshes run one at a time, so the seed fixes which of them the server refuses;
  // with seed 3 the first one is.
  const auto done = run_demo({"demo", "--threads", "8", "--duration", "12", "--token-lifetime", "8",
                              "--faults", "--seed", "3", "--json"});
  EXPECT_EQ(done.exit_code, 0) << done.err;
  EXPECT_NE(done.err.find("FAULT INJECTION ON /auth/refresh_token"), std::string::npos);
  EXPECT_NE(done.err.find("THE SERVER LIES"), std::string::npos);
  EXPECT_EQ(done.summary["settings"]["expires_in_overstatement_seconds"], 3600);
  EXPECT_FALSE(done.summary["settings"]["faults"].is_null());
  const auto& run = run_of(done, 0);
  expect_no_failed_request(run);
  EXPECT_GE(run.value("failed_refresh_calls", 0), 1) << run.dump(2);
  EXPECT_GT(run.value("refresh_calls", 0), run.value("failed_refresh_calls", 0));
}

TEST(DemoEndToEnd, CompareShowsTheNaiveEngineRefreshingOnEveryCall) {
  const auto done = run_demo({"demo", "--threads", "8", "--duration", "5", "--token-lifetime", "4",
                              "--compare", "--json"});
  EXPECT_EQ(done.exit_code, 0) << done.err;
  ASSERT_EQ(done.summary["runs"].size(), 2u) << done.out;
  expect_no_failed_request(run_of(done, 0));
  const auto& naive = run_of(done, 1);
  EXPECT_EQ(naive.value("engine", ""), "naive");
  EXPECT_EQ(naive["policy"]["serve_current_in_soft_window"], false);
  EXPECT_EQ(naive["policy"]["trust_token_claims"], false);
  // Uncapped, the 5 min threshold covers a 4 s token whole: every call waits for a refresh.
  EXPECT_GT(naive.value("refresh_calls", 0), 2 * run_of(done, 0).value("refresh_calls", 0));
}

TEST(DemoEndToEnd, ALyingServerLogsOnlyTheNaiveEngineOut) {
  const auto done = run_demo({"demo", "--threads", "8", "--duration", "6", "--token-lifetime", "4",
                              "--compare", "--overstate-expires-in", "3600", "--json"});
  EXPECT_EQ(done.exit_code, 0) << done.err;
  expect_no_failed_request(run_of(done, 0));
  const auto& naive = run_of(done, 1);
  // It believes its 4 s tokens live an hour, never refreshes, and meets the 401 at exp.
  EXPECT_EQ(naive.value("refresh_calls", -1), 0);
  EXPECT_GE(naive["failures"].value("rejected_401", 0), 1) << naive.dump(2);
  EXPECT_GE(naive.value("forced_sign_ins", 0), 1);
  EXPECT_GE(naive.value("requests_failed", 0), naive.value("forced_sign_ins", 0));
}

TEST(DemoEndToEnd, TableForHumans) {
  const auto done =
      run_demo({"demo", "--threads", "4", "--duration", "3", "--token-lifetime", "4"});
  EXPECT_EQ(done.exit_code, 0) << done.err;
  EXPECT_TRUE(done.summary.is_discarded());
  for (const char* expected :
       {"requests ok", "refresh calls to the server", "latency p99, in refresh windows",
        "improved engine: no failed request"}) {
    EXPECT_NE(done.out.find(expected), std::string::npos) << expected << " not in\n" << done.out;
  }
  EXPECT_NE(done.err.find("100%"), std::string::npos) << "no progress line";
}

TEST(DemoEndToEnd, CtrlCEndsTheRunWithItsSummaryAndCleansUp) {
  DemoProcess process{{"demo", "--threads", "4", "--duration", "300", "--json"}};
  ASSERT_TRUE(process.wait_for_stderr("signed in", 60s)) << process.err();
  process.signal(SIGINT);
  EXPECT_EQ(process.wait(), 0) << process.err();
  const auto summary = nlohmann::json::parse(process.out(), nullptr, false);
  ASSERT_FALSE(summary.is_discarded()) << process.out();
  EXPECT_EQ(summary["runs"][0]["interrupted"], true);
  EXPECT_TRUE(std::filesystem::is_empty(process.tmp_dir()));
}

TEST(DemoEndToEnd, UsageErrorsExitTwoAndSayWhy) {
  const std::vector<std::vector<std::string>> wrong{
      {"demo", "--threads", "0"},   {"demo", "--token-lifetime", "2"},
      {"demo", "--simulated"},      {"demo", "--lifetimes", "3"},
      {"demo", "--no-such-option"}, {"demo", "--duration", "soon"}};
  for (const auto& args : wrong) {
    DemoProcess process{args};
    EXPECT_EQ(process.wait(), 2) << args.back();
    EXPECT_FALSE(process.err().empty()) << args.back();
    EXPECT_TRUE(process.out().empty()) << args.back();
  }
}

TEST(DemoEndToEnd, HelpListsTheOptions) {
  DemoProcess process{{"demo", "--help"}};
  EXPECT_EQ(process.wait(), 0);
  for (const char* option : {"--threads", "--duration", "--token-lifetime", "--faults", "--compare",
                             "--overstate-expires-in", "--json", "Exit codes"}) {
    EXPECT_NE(process.out().find(option), std::string::npos) << option;
  }
  EXPECT_EQ(process.out().find("--simulated"), std::string::npos)
      << "the simulation is bench/demo/simulated_demo now";
}

}  // namespace
}  // namespace freshauth::testing
