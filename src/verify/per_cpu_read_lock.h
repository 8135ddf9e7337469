#pragma once

#include <cstddef>
#include <mutex>
#include <vector>

namespace freshauth {

// A reader-writer lock for data read far more often than written. A reader locks only the slot
// of the CPU it runs on, a cache line no other CPU writes while its readers run, so readers on
// different CPUs never contend; a writer locks every slot. (A shared lock word instead would be
// written by every reader and bounce between CPUs on every read.)
class PerCpuReadLock {
 public:
  PerCpuReadLock();
  PerCpuReadLock(const PerCpuReadLock&) = delete;
  PerCpuReadLock& operator=(const PerCpuReadLock&) = delete;

  std::size_t slots() const { return count_; }

  class ReadGuard {
   public:
    explicit ReadGuard(PerCpuReadLock& lock);
    ~ReadGuard();
    ReadGuard(const ReadGuard&) = delete;
    ReadGuard& operator=(const ReadGuard&) = delete;

    // The slot this reader holds, below slots(): no other reader holds it meanwhile, so data
    // kept per slot is this reader's alone until the guard goes.
    std::size_t slot() const { return slot_; }

   private:
    PerCpuReadLock& lock_;
    std::size_t slot_;
  };

  class WriteGuard {
   public:
    explicit WriteGuard(PerCpuReadLock& lock);
    ~WriteGuard();
    WriteGuard(const WriteGuard&) = delete;
    WriteGuard& operator=(const WriteGuard&) = delete;

   private:
    PerCpuReadLock& lock_;
  };

 private:
  struct alignas(64) Slot {
    std::mutex mutex;
  };
  std::size_t slot_of_this_cpu() const;

  std::size_t count_;
  std::vector<Slot> slots_;  // never resized: a mutex does not move
};

}  // namespace freshauth
