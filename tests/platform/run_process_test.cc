#include "freshauth/platform/run_process.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace freshauth::platform {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

ProcessSpec piped(std::vector<std::string> argv) {
  ProcessSpec spec;
  spec.argv = std::move(argv);
  spec.in = Stdio::pipe;
  spec.out = Stdio::pipe;
  spec.err = Stdio::pipe;
  return spec;
}

TEST(RunProcessTest, FeedsInputAndCapturesBothOutputs) {
  auto run = run_process(piped({"/bin/sh", "-c", "cat; echo oops >&2; exit 2"}), "hello\n",
                         seconds{10});
  ASSERT_TRUE(run) << run.error().message();
  ASSERT_TRUE(run->exit);
  EXPECT_EQ(run->exit->code, 2);
  EXPECT_EQ(run->out, "hello\n");
  EXPECT_EQ(run->err, "oops\n");
  EXPECT_FALSE(run->timed_out);
}

TEST(RunProcessTest, InputAndOutputLargerThanAPipeFlowTogether) {
  const std::string big(1 << 20, 'x');
  auto run = run_process(piped({"cat"}), big, seconds{10});
  ASSERT_TRUE(run && run->exit);
  EXPECT_EQ(run->out.size(), big.size());
}

TEST(RunProcessTest, AChildThatDoesNotReadItsInputIsNoProblem) {
  const std::string big(1 << 20, 'x');
  auto run = run_process(piped({"/bin/sh", "-c", "exit 0"}), big, seconds{10});
  ASSERT_TRUE(run && run->exit);
  EXPECT_EQ(run->exit->code, 0);
}

TEST(RunProcessTest, KillsTheGroupAtTheTimeout) {
  // The child's own child keeps stdout open: only killing the group ends the run.
  auto run = run_process(piped({"/bin/sh", "-c", "sleep 600 & echo started"}), "", milliseconds{50});
  ASSERT_TRUE(run);
  EXPECT_TRUE(run->timed_out);
  EXPECT_FALSE(run->exit);
  EXPECT_EQ(run->out, "started\n");
}

TEST(RunProcessTest, KillsAChildThatPrintsTooMuch) {
  ProcessSpec spec = piped({"/bin/sh", "-c", "while :; do echo more; done"});
  spec.max_output = 4096;
  auto run = run_process(spec, "", seconds{10});
  ASSERT_TRUE(run);
  EXPECT_TRUE(run->too_much_output);
  EXPECT_FALSE(run->timed_out);
  EXPECT_LE(run->out.size(), 4096U);
}

TEST(RunProcessTest, AnEmptyCommandIsRefused) {
  EXPECT_EQ(run_process(ProcessSpec{}, "", seconds{1}).error(), std::errc::invalid_argument);
}

// Several threads spawn and wait at once: each gets its own child's output.
TEST(RunProcessTest, ThreadsRunChildrenConcurrently) {
  constexpr int kThreads = 4;
  std::vector<std::string> outputs(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([t, &outputs] {
      for (int round = 0; round < 5; ++round) {
        auto run = run_process(piped({"cat"}), std::to_string(t), seconds{10});
        if (run && run->exit) outputs[t] += run->out;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(outputs[t], std::string(5, static_cast<char>('0' + t)));
  }
}

}  // namespace
}  // namespace freshauth::platform
