#include "freshauth/core/executor.h"

namespace freshauth {

Executor inline_executor() {
  return [](Task task) { task(); };
}

WorkerThread::WorkerThread() : thread_([this](const std::stop_token& stop) { run(stop); }) {}

WorkerThread::~WorkerThread() {
  thread_.request_stop();
  thread_.join();
}

void WorkerThread::post(Task task) {
  {
    const std::lock_guard lock(mutex_);
    tasks_.push_back(std::move(task));
  }
  wake_.notify_one();
}

Executor WorkerThread::executor() {
  return [this](Task task) { post(std::move(task)); };
}

void WorkerThread::run(const std::stop_token& stop) {
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, stop, [this] { return !tasks_.empty(); });
    if (tasks_.empty()) return;  // stop requested and nothing left to do
    Task task = std::move(tasks_.front());
    tasks_.pop_front();
    lock.unlock();
    task();
    lock.lock();
  }
}

}  // namespace freshauth
