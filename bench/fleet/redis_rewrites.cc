#include "redis_rewrites.h"

#include <chrono>
#include <condition_variable>
#include <string>

namespace freshauth::bench {
namespace {

double epoch_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// Whether INFO persistence says a forked child is writing (AOF rewrite or RDB save).
bool child_writing(const std::string& info) {
  return info.find("aof_rewrite_in_progress:1") != std::string::npos ||
         info.find("rdb_bgsave_in_progress:1") != std::string::npos;
}

}  // namespace

RedisRewrites::RedisRewrites(std::shared_ptr<redis::Client> client)
    : client_(std::move(client)), thread_([this](const std::stop_token& stop) { watch(stop); }) {}

RedisRewrites::~RedisRewrites() {
  thread_.request_stop();
  thread_.join();
}

std::vector<std::pair<double, double>> RedisRewrites::windows() const {
  const std::lock_guard lock(mutex_);
  return windows_;
}

void RedisRewrites::watch(const std::stop_token& stop) {
  std::mutex sleep_mutex;
  std::condition_variable_any woken;
  bool writing = false;
  while (!stop.stop_requested()) {
    if (auto info = client_->command({"INFO", "persistence"})) {
      const bool now_writing = child_writing(info->text);
      if (now_writing != writing) {
        const std::lock_guard lock(mutex_);
        if (now_writing) {
          windows_.emplace_back(epoch_now(), 0.0);
        } else if (!windows_.empty()) {
          windows_.back().second = epoch_now();
        }
        writing = now_writing;
      }
    }
    std::unique_lock lock(sleep_mutex);
    woken.wait_for(lock, stop, std::chrono::milliseconds{250}, [] { return false; });
  }
}

}  // namespace freshauth::bench
