#include "freshauth/server/fault_gate.h"

namespace freshauth::server {

FaultGate::FaultGate(std::chrono::milliseconds hold_limit) : hold_limit_(hold_limit) {}

void FaultGate::open() {
  {
    const std::lock_guard lock{mutex_};
    open_ = true;
  }
  changed_.notify_all();
}

bool FaultGate::is_open() const {
  const std::lock_guard lock{mutex_};
  return open_;
}

bool FaultGate::pass() {
  std::unique_lock lock{mutex_};
  ++arrivals_;
  changed_.notify_all();
  if (changed_.wait_for(lock, hold_limit_, [this] { return open_; })) return true;
  gave_up_ = true;
  return false;
}

bool FaultGate::wait_for_arrivals(int count, std::chrono::milliseconds deadline) const {
  std::unique_lock lock{mutex_};
  return changed_.wait_for(lock, deadline, [&] { return arrivals_ >= count; });
}

int FaultGate::arrivals() const {
  const std::lock_guard lock{mutex_};
  return arrivals_;
}

bool FaultGate::gave_up() const {
  const std::lock_guard lock{mutex_};
  return gave_up_;
}

}  // namespace freshauth::server
