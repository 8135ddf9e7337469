#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "freshauth/core/authenticator.h"
#include "freshauth/idp/idp_server.h"

namespace freshauth::cli {

struct DemoServerOptions {
  std::chrono::seconds token_lifetime{20};
  bool faults = false;                               // see demo_fault_rule()
  std::chrono::seconds expires_in_overstatement{0};  // a lying server
  std::optional<std::uint64_t> fault_seed;
  std::function<void(std::string_view)> log;  // the server's operational messages
};

// What --faults turns on: transient trouble on the refresh endpoint only.
server::FaultRule demo_fault_rule();

// The embedded idp on 127.0.0.1, a free port, over a SQLite file in a private temporary folder
// that is deleted with it; one app client with dev lifetimes and one user whose random password
// exists only in this process's memory.
class DemoServer {
 public:
  static Result<std::unique_ptr<DemoServer>> start(const DemoServerOptions& options);
  ~DemoServer();
  DemoServer(const DemoServer&) = delete;
  DemoServer& operator=(const DemoServer&) = delete;

  std::string base_url() const { return idp_->base_url(); }
  const Credentials& credentials() const { return credentials_; }

 private:
  DemoServer() = default;
  std::filesystem::path dir_;
  Credentials credentials_;
  std::unique_ptr<idp::IdpServer> idp_;  // last: stopped before the folder goes
};

}  // namespace freshauth::cli
