#pragma once

#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>

#include "freshauth/server/fault_injection.h"
#include "freshauth/server/http_server.h"

namespace freshauth::testing {

// Serves a replaceable JWKS document at /jwks.json on 127.0.0.1 (ephemeral port) on the
// project's HTTP server, counting fetches; hold_next_fetch keeps one fetch in flight at a gate
// the test opens, so concurrent callers can pile onto it.
class JwksTestServer {
 public:
  static constexpr const char* kPath = "/jwks.json";

  explicit JwksTestServer(std::string document) : state_(std::make_shared<State>()) {
    state_->document = std::move(document);
    server::Router router;
    router.add("GET", kPath, [state = state_](const server::ServerRequest&) {
      const std::lock_guard lock(state->mutex);
      server::ServerResponse response;
      response.status = state->status;
      response.body = state->document;
      response.set_header("Content-Type", "application/json");
      return response;
    });
    faults_.enable_scripting();
    if (auto applied = faults_.apply_to(router); !applied) {
      throw std::runtime_error(applied.error().describe());
    }
    http_ = std::make_unique<server::HttpServer>(server::HttpServerOptions{}, std::move(router));
    if (auto started = http_->start(); !started) {
      throw std::runtime_error("JWKS test server: " + started.error().describe());
    }
  }
  ~JwksTestServer() {
    faults_.open_gates();
    http_->stop();
  }
  JwksTestServer(const JwksTestServer&) = delete;
  JwksTestServer& operator=(const JwksTestServer&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(http_->port()) + kPath; }
  int fetches() const { return faults_.calls(kPath); }
  void publish(std::string document) {
    const std::lock_guard lock(state_->mutex);
    state_->document = std::move(document);
  }
  void fail_with(int status) {
    const std::lock_guard lock(state_->mutex);
    state_->status = status;
  }
  // The next fetch waits at `gate` until the test opens it (or the gate's hold limit passes).
  void hold_next_fetch(std::shared_ptr<server::FaultGate> gate) {
    faults_.script(kPath, {.gate = std::move(gate)});
  }

 private:
  struct State {
    std::mutex mutex;
    std::string document;
    int status = 200;
  };
  std::shared_ptr<State> state_;
  server::FaultPlan faults_;
  std::unique_ptr<server::HttpServer> http_;
};

}  // namespace freshauth::testing
