#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace freshauth::server {

/// Holds scripted calls (ScriptedReply::gate) until the test opens it, so that a call stays in
/// flight while other events line up, without a sleep. Nothing waits forever: a held call goes on
/// once `hold_limit` has passed, and waiting for arrivals has a deadline.
class FaultGate {
 public:
  explicit FaultGate(std::chrono::milliseconds hold_limit = std::chrono::seconds{30});

  void open();
  bool is_open() const;
  /// Server side: counts the arrival, then waits until the gate opens. False when hold_limit
  /// passed first (the call then goes on, and gave_up() says so).
  bool pass();
  /// Test side: waits until `count` calls have arrived; false when `deadline` passed first.
  bool wait_for_arrivals(int count,
                         std::chrono::milliseconds deadline = std::chrono::seconds{10}) const;
  int arrivals() const;
  bool gave_up() const;

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  const std::chrono::milliseconds hold_limit_;
  bool open_ = false;
  bool gave_up_ = false;
  int arrivals_ = 0;
};

}  // namespace freshauth::server
