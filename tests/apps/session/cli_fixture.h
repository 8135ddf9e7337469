#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "freshauth/idp/idp_server.h"
#include "support/run_process.h"
#include "support/temp_dir.h"

namespace freshauth::testing {

inline constexpr const char* kAlicePassword = "alice: correct horse battery";
inline constexpr const char* kBobPassword = "bob: staple battery horse";
inline constexpr const char* kPartnerId = "partner-7";

// The embedded idp on 127.0.0.1, port 0, with alice (password) and bob (password + TOTP), and
// the real freshauth binary run against it with HOME in a private folder. Every output of every
// run is checked, when the test ends, for the passwords, bob's TOTP secret and every refresh
// token that a login stored.
class CliFixture : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  std::unique_ptr<idp::IdpServer> start_idp(const std::filesystem::path& db);
  std::string endpoint() const { return server_->base_url(); }

  std::vector<std::string> environment(const std::vector<std::string>& extra = {}) const;
  ProcessResult freshauth(const std::vector<std::string>& args, const std::string& input = {},
                          const std::vector<std::string>& extra_env = {});
  ChildProcess start_freshauth(const std::vector<std::string>& args,
                               const std::vector<std::string>& extra_env = {});
  void remember_output(const ProcessResult& result);

  // alice, with every setting as a flag; asserts success and remembers the refresh token.
  void login_alice(const std::vector<std::string>& extra_args = {},
                   const std::vector<std::string>& extra_env = {});

  // RFC 6238 code for bob at `unix_seconds`, computed with liboath (not the server's code).
  std::string bob_totp(long long unix_seconds) const;
  std::filesystem::path state_dir(const std::string& profile = "default") const;
  // The refresh token in the plain secret store of `profile`; remembered as a secret.
  std::string stored_refresh_token(const std::string& profile = "default");
  // Moves the stored session `by` into the past, as if that much time had gone by for the
  // client: the access-token cache is rewritten through FileSessionStore, the server is untouched.
  void age_session(std::chrono::seconds by, const std::string& profile = "default");
  int refresh_calls() const { return refresh_calls_->load(); }

  TempDir dir_;
  std::filesystem::path home_;
  std::string bob_secret_;
  std::string client_id_;  // the idp's app client, for the cognito and oauth2 providers
  std::shared_ptr<std::atomic<int>> refresh_calls_ = std::make_shared<std::atomic<int>>(0);
  std::unique_ptr<idp::IdpServer> server_;
  std::vector<std::string> secrets_;
  std::vector<std::string> outputs_;
};

// One line of output without its line break.
inline std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

}  // namespace freshauth::testing
