#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "freshauth/core/shared_session_store.h"

namespace freshauth::testing {

// One replica's view of the shared store, counting what the replica asks of it and how its waits
// for another replica's refresh ended; everything is passed on. With `notices` off, its watches
// only poll, as every wait did before stores could tell of changes.
class CountingStore : public SharedSessionStore {
 public:
  explicit CountingStore(std::shared_ptr<SharedSessionStore> inner, bool notices = true)
      : inner_(std::move(inner)), notices_(notices) {}

  std::atomic<int> loads{0};
  std::atomic<int> lease_requests{0};
  std::atomic<int> waits_woken{0};      // a notice told of a change
  std::atomic<int> waits_timed_out{0};  // the deadline or the poll interval came first

  Result<void> save(const std::string& key, const Session& session, TimePoint created_at) override {
    return inner_->save(key, session, created_at);
  }
  Result<void> erase(const std::string& key) override { return inner_->erase(key); }
  Result<std::uint64_t> save_new(const std::string& key, const Session& session,
                                 TimePoint created_at) override {
    return inner_->save_new(key, session, created_at);
  }
  Result<std::optional<SharedRecord>> load(const std::string& key) override {
    ++loads;
    return inner_->load(key);
  }
  // Counted once answered: a test that waits for the count knows Redis has decided.
  Result<LeaseAttempt> try_lease(const std::string& key, std::chrono::milliseconds ttl) override {
    auto attempt = inner_->try_lease(key, ttl);
    ++lease_requests;
    return attempt;
  }
  Result<bool> save_fenced(const std::string& key, const Session& session, TimePoint created_at,
                           const RefreshLease& lease) override {
    return inner_->save_fenced(key, session, created_at, lease);
  }
  Result<void> release(const std::string& key, const RefreshLease& lease) override {
    return inner_->release(key, lease);
  }
  Result<bool> touch(const std::string& key, TimePoint now) override {
    return inner_->touch(key, now);
  }
  Result<void> erase_unless_newer(const std::string& key, std::uint64_t fence) override {
    return inner_->erase_unless_newer(key, fence);
  }
  std::unique_ptr<ChangeWatch> watch(const std::string& key,
                                     std::chrono::milliseconds poll) override {
    return std::make_unique<CountedWatch>(
        notices_ ? inner_->watch(key, poll) : SharedSessionStore::watch(key, poll), *this);
  }
  Result<std::optional<std::size_t>> count_planned_refresh(const std::vector<std::int64_t>& seconds,
                                                           std::uint32_t crowded) override {
    return inner_->count_planned_refresh(seconds, crowded);
  }

 private:
  class CountedWatch final : public ChangeWatch {
   public:
    CountedWatch(std::unique_ptr<ChangeWatch> inner, CountingStore& counts)
        : inner_(std::move(inner)), counts_(counts) {}
    bool wait(Deadline until) override {
      const bool woken = inner_->wait(until);
      ++(woken ? counts_.waits_woken : counts_.waits_timed_out);
      return woken;
    }

   private:
    std::unique_ptr<ChangeWatch> inner_;
    CountingStore& counts_;
  };

  std::shared_ptr<SharedSessionStore> inner_;
  bool notices_;
};

}  // namespace freshauth::testing
