#pragma once

#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>

#include "freshauth/core/executor.h"

namespace freshauth {

/// At most one piece of work of a kind under way; everyone who asks while it runs shares its
/// outcome. Used for session refreshes and JWKS fetches.
template <class T>
class SingleFlight {
 public:
  struct Ticket {
    std::shared_future<T> outcome;
    bool started = false;  ///< true for the caller whose request launched the work
  };

  /// Joins the flight under way, or launches `work` on `executor` and returns the new flight.
  /// The flight ends before its outcome is delivered, so a caller woken by the outcome who asks
  /// again starts a new flight instead of re-reading the old one.
  Ticket join_or_start(std::function<T()> work, const Executor& executor) {
    auto promise = std::make_shared<std::promise<T>>();
    std::shared_future<T> outcome;
    {
      const std::lock_guard lock(mutex_);
      if (flight_) return {*flight_, false};
      outcome = promise->get_future().share();
      flight_ = outcome;
    }
    executor([this, promise, work = std::move(work)] {
      std::optional<T> value;
      std::exception_ptr failure;
      try {
        value.emplace(work());
      } catch (...) {
        failure = std::current_exception();
      }
      {
        const std::lock_guard lock(mutex_);
        flight_.reset();
      }
      if (failure) {
        promise->set_exception(failure);
      } else {
        promise->set_value(std::move(*value));
      }
    });
    return {outcome, true};
  }

  bool in_flight() const {
    const std::lock_guard lock(mutex_);
    return flight_.has_value();
  }

 private:
  mutable std::mutex mutex_;
  std::optional<std::shared_future<T>> flight_;
};

}  // namespace freshauth
