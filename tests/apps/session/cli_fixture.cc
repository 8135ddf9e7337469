#include "apps/session/cli_fixture.h"

#include <liboath/oath.h>

#include "freshauth/security/fingerprint.h"
#include "freshauth/stores/file_session_store.h"

#ifndef FRESHAUTH_BINARY
#error "FRESHAUTH_BINARY must name the freshauth executable under test"
#endif

namespace freshauth::testing {

void CliFixture::SetUp() {
  home_ = dir_ / "home";
  std::filesystem::create_directory(home_);
  const auto now = SystemClock{}.now();
  auto admin = idp::IdpAdmin::open(dir_ / "idp.db", now, idp::PasswordCost::minimal);
  ASSERT_TRUE(admin.ok()) << admin.error().describe();
  auto client = admin->add_client({"partner", false, {}, {}}, false, now);
  ASSERT_TRUE(client.ok());
  client_id_ = client->client_id;
  ASSERT_TRUE(admin->add_user({"alice", kAlicePassword, false}, now).ok());
  auto bob = admin->add_user({"bob", kBobPassword, true}, now);
  ASSERT_TRUE(bob.ok());
  bob_secret_ = *bob->totp_secret;
  secrets_ = {kAlicePassword, kBobPassword, bob_secret_};
  server_ = start_idp(dir_ / "idp.db");
  ASSERT_NE(server_, nullptr);
}

void CliFixture::TearDown() {
  for (const auto& output : outputs_) {
    for (const auto& secret : secrets_) {
      // Name the secret by its fingerprint: a failure message must not leak it either.
      EXPECT_EQ(output.find(secret), std::string::npos)
          << "a freshauth output contains the secret with fingerprint " << fingerprint(secret);
    }
  }
}

std::unique_ptr<idp::IdpServer> CliFixture::start_idp(const std::filesystem::path& db) {
  idp::IdpServerOptions options;
  options.db_path = db;
  options.password_cost = idp::PasswordCost::minimal;
  options.http.threads = 2;
  options.http.access_log = [calls = refresh_calls_](const server::AccessLogEntry& entry) {
    if (entry.path == "/auth/refresh_token" && entry.status == 200) ++*calls;
  };
  auto started = idp::IdpServer::start(std::move(options));
  EXPECT_TRUE(started.ok()) << started.error().describe();
  return started.ok() ? std::move(*started) : nullptr;
}

std::vector<std::string> CliFixture::environment(const std::vector<std::string>& extra) const {
  std::vector<std::string> variables = {"HOME=" + home_.string(), "PATH=/usr/bin:/bin"};
  variables.insert(variables.end(), extra.begin(), extra.end());
  return variables;
}

ProcessResult CliFixture::freshauth(const std::vector<std::string>& args, const std::string& input,
                                    const std::vector<std::string>& extra_env) {
  std::vector<std::string> argv = {FRESHAUTH_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  ProcessResult result = ChildProcess{argv, environment(extra_env), input}.wait();
  EXPECT_FALSE(result.timed_out) << "freshauth " << (args.empty() ? "" : args.front())
                                 << " still running at the deadline: killed";
  remember_output(result);
  return result;
}

ChildProcess CliFixture::start_freshauth(const std::vector<std::string>& args,
                                         const std::vector<std::string>& extra_env) {
  std::vector<std::string> argv = {FRESHAUTH_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return ChildProcess{argv, environment(extra_env)};
}

void CliFixture::remember_output(const ProcessResult& result) {
  outputs_.push_back(result.out);
  outputs_.push_back(result.err);
}

void CliFixture::login_alice(const std::vector<std::string>& extra_args,
                             const std::vector<std::string>& extra_env) {
  std::vector<std::string> args = {"login", "--endpoint",   endpoint(), "--username",
                                   "alice", "--partner-id", kPartnerId, "--password-stdin"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  const auto result = freshauth(args, std::string{kAlicePassword} + "\n", extra_env);
  ASSERT_EQ(result.exit_code, 0) << result.err;
}

std::string CliFixture::bob_totp(long long unix_seconds) const {
  char* key = nullptr;
  size_t length = 0;
  EXPECT_EQ(oath_init(), OATH_OK);
  EXPECT_EQ(oath_base32_decode(bob_secret_.c_str(), bob_secret_.size(), &key, &length), OATH_OK);
  char code[7] = {};
  EXPECT_EQ(oath_totp_generate(key, length, unix_seconds, 30, 0, 6, code), OATH_OK);
  std::free(key);
  return code;
}

std::filesystem::path CliFixture::state_dir(const std::string& profile) const {
  return home_ / ".local/state/freshauth" / profile;
}

std::string CliFixture::stored_refresh_token(const std::string& profile) {
  std::string token = read_file(state_dir(profile) / "refresh_token.secret");
  EXPECT_FALSE(token.empty());
  if (!token.empty()) secrets_.push_back(token);
  return token;
}

void CliFixture::age_session(std::chrono::seconds by, const std::string& profile) {
  FileSessionStore cache{state_dir(profile) / "session.json"};
  auto stored = cache.load();
  ASSERT_TRUE(stored.ok() && stored->has_value());
  Session session = **stored;
  session.obtained_at -= by;
  session.expires_at -= by;
  ASSERT_TRUE(cache.save(session).ok());
}

}  // namespace freshauth::testing
