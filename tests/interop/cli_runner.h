#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "freshauth/security/fingerprint.h"
#include "support/run_process.h"
#include "support/temp_dir.h"

#ifndef FRESHAUTH_BINARY
#error "FRESHAUTH_BINARY must name the freshauth executable under test"
#endif

namespace freshauth::testing {

// The real freshauth binary with HOME in a private folder. Remembers every output, and
// check_no_secret_in_output() fails the test if any of them holds one of the given secrets.
class FreshauthCli {
 public:
  FreshauthCli() { std::filesystem::create_directory(home()); }

  std::filesystem::path home() const { return dir_.path() / "home"; }
  std::filesystem::path state_dir(const std::string& profile = "default") const {
    return home() / ".local/state/freshauth" / profile;
  }
  std::vector<std::string> environment() const {
    return {"HOME=" + home().string(), "PATH=/usr/bin:/bin"};
  }

  ProcessResult run(const std::vector<std::string>& args, const std::string& input = {}) {
    ProcessResult result = ChildProcess{argv(args), environment(), input}.wait();
    outputs_.push_back(result.out);
    outputs_.push_back(result.err);
    return result;
  }
  ChildProcess start(const std::vector<std::string>& args) {
    return ChildProcess{argv(args), environment()};
  }
  void remember(const ProcessResult& result) {
    outputs_.push_back(result.out);
    outputs_.push_back(result.err);
  }

  // The refresh token in the profile's plain secret store (the default store).
  std::string stored_refresh_token(const std::string& profile = "default") const {
    return read_file(state_dir(profile) / "refresh_token.secret");
  }

  void check_no_secret_in_output(const std::vector<std::string>& secrets) const {
    for (const auto& output : outputs_) {
      for (const auto& secret : secrets) {
        if (secret.empty()) continue;
        EXPECT_EQ(output.find(secret), std::string::npos)
            << "a freshauth output holds the secret with fingerprint " << fingerprint(secret);
      }
    }
  }

 private:
  static std::vector<std::string> argv(const std::vector<std::string>& args) {
    std::vector<std::string> all = {FRESHAUTH_BINARY};
    all.insert(all.end(), args.begin(), args.end());
    return all;
  }

  TempDir dir_;
  std::vector<std::string> outputs_;
};

}  // namespace freshauth::testing
