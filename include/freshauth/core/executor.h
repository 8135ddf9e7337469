#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace freshauth {

using Task = std::function<void()>;
/// Runs a task somewhere: on a worker thread, a thread pool, an event loop, or right away.
using Executor = std::function<void(Task)>;

/// Runs the task on the calling thread before returning. Deterministic; what tests use.
Executor inline_executor();

/// One thread that runs tasks in order. The destructor finishes queued tasks and joins, so no
/// task outlives the objects it captured by reference if those outlive the worker.
class WorkerThread {
 public:
  WorkerThread();
  ~WorkerThread();
  WorkerThread(const WorkerThread&) = delete;
  WorkerThread& operator=(const WorkerThread&) = delete;

  void post(Task task);
  Executor executor();

 private:
  void run(const std::stop_token& stop);

  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::deque<Task> tasks_;
  std::jthread thread_;
};

}  // namespace freshauth
