#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "freshauth/platform/process.h"
#include "support/temp_dir.h"

namespace freshauth::bench {

/// `freshauth idp serve` as a developer runs it, in a child process started through `launcher`
/// (e.g. {"taskset", "-c", "0"}), on a fresh database in a private folder holding one app client
/// (hour-long access and id tokens) and one password user. Stopped with SIGTERM when destroyed.
class ServedIdp {
 public:
  ServedIdp(const std::filesystem::path& freshauth_cli, int threads,
            const std::vector<std::string>& launcher);
  ~ServedIdp();
  ServedIdp(const ServedIdp&) = delete;
  ServedIdp& operator=(const ServedIdp&) = delete;

  /// Empty when the server did not start (its stderr says why).
  const std::string& endpoint() const { return endpoint_; }  ///< http://127.0.0.1:PORT/
  const std::string& client_id() const { return client_id_; }
  pid_t pid() const { return server_ ? server_->pid() : -1; }
  static constexpr const char* kUsername = "bench@example.com";
  static constexpr const char* kPassword = "bench password 1";

 private:
  testing::TempDir dir_;
  std::optional<platform::Process> server_;
  std::string endpoint_;
  std::string client_id_;
};

}  // namespace freshauth::bench
