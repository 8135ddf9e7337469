#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "freshauth/stores/secret_store.h"

namespace freshauth {

/// Keeps secrets in an external credential helper (a keychain, `pass`, a vault CLI...), in the
/// spirit of git credential helpers. See docs/credential-helpers.md for the protocol:
///   <command...> get|store|erase, with "key=\<name\>\n" (and "secret=\<value\>\n" for store) on
///   stdin; `get` prints "secret=\<value\>\n" on stdout, or nothing when there is none.
/// The helper runs without a shell, in its own process group, and is killed after `timeout`.
/// The secret travels only through the pipes: never on argv, never in error messages. The
/// helper's stderr is passed through so that it can explain its own failures.
class CommandSecretStore final : public SecretStore {
 public:
  /// `command`: the helper program (a path, or a name looked up in PATH) and its own arguments;
  /// the operation is appended.
  explicit CommandSecretStore(std::vector<std::string> command,
                              std::chrono::milliseconds timeout = std::chrono::seconds{30});

  Result<std::optional<std::string>> get(const std::string& name) override;
  Result<void> put(const std::string& name, const std::string& secret) override;
  Result<void> erase(const std::string& name) override;
  std::string describe() const override;

 private:
  /// Runs `operation`; returns the helper's stdout.
  Result<std::string> run(const char* operation, const std::string& name, std::string input);

  std::string command_line() const;

  std::vector<std::string> command_;
  std::chrono::milliseconds timeout_;
};

}  // namespace freshauth
