#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>

namespace freshauth::testing {

// Serves a replaceable JWKS document at /jwks.json on 127.0.0.1 (ephemeral port), counting
// fetches; an optional delay keeps a fetch in flight so concurrent callers can pile onto it.
class JwksTestServer {
 public:
  explicit JwksTestServer(std::string document) : document_(std::move(document)) {
    server_.Get("/jwks.json", [this](const httplib::Request&, httplib::Response& response) {
      ++fetches_;
      std::this_thread::sleep_for(delay_.load());
      const std::lock_guard lock(mutex_);
      response.status = status_;
      response.set_content(document_, "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds{1});
  }
  ~JwksTestServer() {
    server_.stop();
    thread_.join();
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/jwks.json"; }
  int fetches() const { return fetches_.load(); }
  void publish(std::string document) {
    const std::lock_guard lock(mutex_);
    document_ = std::move(document);
  }
  void fail_with(int status) {
    const std::lock_guard lock(mutex_);
    status_ = status;
  }
  void delay_answers(std::chrono::milliseconds delay) { delay_ = delay; }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::string document_;
  int status_ = 200;
  std::atomic<int> fetches_{0};
  std::atomic<std::chrono::milliseconds> delay_{std::chrono::milliseconds{0}};
};

}  // namespace freshauth::testing
