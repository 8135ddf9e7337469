#include "redis_rewrites.h"

#include <chrono>
#include <condition_variable>
#include <stdexcept>
#include <string>
#include <thread>

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

std::string persistence(redis::Client& client) {
  auto info = client.command({"INFO", "persistence"});
  if (!info) throw std::runtime_error{"INFO persistence: " + info.error().message};
  return info->text;
}

void command_or_throw(redis::Client& client, std::vector<std::string> command) {
  const std::string name = command.front();
  if (auto reply = client.command(std::move(command)); !reply) {
    throw std::runtime_error{name + ": " + reply.error().message};
  }
}

}  // namespace

void rewrite_now_then_never(redis::Client& client, std::chrono::seconds deadline) {
  command_or_throw(client, {"CONFIG", "SET", "auto-aof-rewrite-percentage", "0"});
  // One already running (Redis starts one when the file has grown) makes this one wait.
  const auto until = std::chrono::steady_clock::now() + deadline;
  while (child_writing(persistence(client))) {
    if (std::chrono::steady_clock::now() > until) throw std::runtime_error{"a rewrite ran on"};
    std::this_thread::sleep_for(std::chrono::milliseconds{100});  // a child writing
  }
  command_or_throw(client, {"BGREWRITEAOF"});
  for (;;) {
    const std::string info = persistence(client);
    if (!child_writing(info) && info.find("aof_rewrite_scheduled:1") == std::string::npos) return;
    if (std::chrono::steady_clock::now() > until) {
      throw std::runtime_error{"BGREWRITEAOF did not finish in time"};
    }
    std::this_thread::sleep_for(std::chrono::milliseconds{100});  // the child writing
  }
}

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
