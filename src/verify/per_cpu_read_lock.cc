#include "per_cpu_read_lock.h"

#include <sched.h>

#include <algorithm>
#include <thread>

namespace freshauth {

PerCpuReadLock::PerCpuReadLock()
    : count_(std::max(1U, std::thread::hardware_concurrency())), slots_(count_) {}

// A thread that moves to another CPU while it holds a slot only makes that slot shared for a
// moment; any slot is correct, the CPU's own is just the one nobody else is using.
std::size_t PerCpuReadLock::slot_of_this_cpu() const {
  const int cpu = sched_getcpu();
  return cpu < 0 ? 0 : static_cast<std::size_t>(cpu) % count_;
}

PerCpuReadLock::ReadGuard::ReadGuard(PerCpuReadLock& lock)
    : lock_(lock), slot_(lock.slot_of_this_cpu()) {
  lock_.slots_[slot_].mutex.lock();
}

PerCpuReadLock::ReadGuard::~ReadGuard() { lock_.slots_[slot_].mutex.unlock(); }

PerCpuReadLock::WriteGuard::WriteGuard(PerCpuReadLock& lock) : lock_(lock) {
  for (std::size_t i = 0; i < lock_.count_; ++i) lock_.slots_[i].mutex.lock();
}

PerCpuReadLock::WriteGuard::~WriteGuard() {
  for (std::size_t i = lock_.count_; i > 0; --i) lock_.slots_[i - 1].mutex.unlock();
}

}  // namespace freshauth
