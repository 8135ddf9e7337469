#include "freshauth/core/executor.h"

#include <algorithm>

namespace freshauth {

Executor inline_executor() {
  return [](Task task) { task(); };
}

ThreadPool::ThreadPool(std::size_t threads) {
  threads_.reserve(std::max<std::size_t>(threads, 1));
  for (std::size_t i = 0; i < std::max<std::size_t>(threads, 1); ++i) {
    threads_.emplace_back([this](const std::stop_token& stop) { run(stop); });
  }
}

ThreadPool::~ThreadPool() {
  for (auto& thread : threads_) thread.request_stop();
  for (auto& thread : threads_) thread.join();
}

void ThreadPool::post(Task task) {
  {
    const std::lock_guard lock(mutex_);
    tasks_.push_back(std::move(task));
  }
  wake_.notify_one();
}

Executor ThreadPool::executor() {
  return [this](Task task) { post(std::move(task)); };
}

std::size_t ThreadPool::queued() const {
  const std::lock_guard lock(mutex_);
  return tasks_.size();
}

void ThreadPool::run(const std::stop_token& stop) {
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
