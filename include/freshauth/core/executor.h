#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace freshauth {

using Task = std::function<void()>;
/// Runs a task somewhere: on a worker thread, a thread pool, an event loop, or right away.
using Executor = std::function<void(Task)>;

/// Runs the task on the calling thread before returning. Deterministic; what tests use.
Executor inline_executor();

/// A fixed number of threads taking tasks from one queue: a bounded executor for work that
/// blocks (refreshes over the network), so many sessions share a few threads. The destructor
/// finishes queued tasks and joins.
class ThreadPool {
 public:
  explicit ThreadPool(std::size_t threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  void post(Task task);
  Executor executor();
  std::size_t threads() const { return threads_.size(); }
  /// Tasks waiting for a thread (not those running).
  std::size_t queued() const;

 private:
  void run(const std::stop_token& stop);

  mutable std::mutex mutex_;
  std::condition_variable_any wake_;
  std::deque<Task> tasks_;
  std::vector<std::jthread> threads_;  ///< last: joined before the queue goes
};

/// One thread that runs tasks in order. The destructor finishes queued tasks and joins, so no
/// task outlives the objects it captured by reference if those outlive the worker.
class WorkerThread : public ThreadPool {
 public:
  WorkerThread() : ThreadPool(1) {}
};

}  // namespace freshauth
