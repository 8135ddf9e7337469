#include "state_dir.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "apps/fake_environment.h"
#include "login_record.h"
#include "session_stores.h"
#include "stores/temp_dir.h"

namespace freshauth::testing {
namespace {

// Folders must come out 0700 whatever the umask.
class UmaskGuard {
 public:
  explicit UmaskGuard(mode_t mask) : saved_(::umask(mask)) {}
  ~UmaskGuard() { ::umask(saved_); }

 private:
  mode_t saved_;
};

TEST(StateDirTest, CreatesTheRootAndTheProfileFolderPrivate) {
  TempDir dir;
  const UmaskGuard permissive{0};
  const auto root = dir / "state/freshauth";
  ASSERT_TRUE(cli::prepare_state_dirs(root, root / "work", /*create=*/true).ok());
  EXPECT_EQ(mode_of(dir / "state"), 0700u);
  EXPECT_EQ(mode_of(root), 0700u);
  EXPECT_EQ(mode_of(root / "work"), 0700u);
}

TEST(StateDirTest, WithoutCreateNothingIsWritten) {
  TempDir dir;
  const auto root = dir / "state";
  ASSERT_TRUE(cli::prepare_state_dirs(root, root / "work", /*create=*/false).ok());
  EXPECT_FALSE(std::filesystem::exists(root));
}

TEST(StateDirTest, RefusesAFolderOthersMayEnterAndSaysHowToFixIt) {
  TempDir dir;
  const auto root = dir / "state";
  std::filesystem::create_directory(root);
  ::chmod(root.c_str(), 0755);
  for (const bool create : {true, false}) {
    auto prepared = cli::prepare_state_dirs(root, root / "p", create);
    ASSERT_FALSE(prepared.ok());
    EXPECT_EQ(prepared.error().code, Errc::storage);
    EXPECT_NE(prepared.error().message.find("chmod 700 " + root.string()), std::string::npos)
        << prepared.error().message;
  }
  ::chmod(root.c_str(), 0700);
  std::filesystem::create_directory(root / "p");
  ::chmod((root / "p").c_str(), 0750);
  EXPECT_FALSE(cli::prepare_state_dirs(root, root / "p", false).ok());
}

TEST(StateDirTest, AFileWhereTheFolderShouldBeIsAnError) {
  TempDir dir;
  write_file(dir / "state", "not a folder");
  EXPECT_FALSE(cli::prepare_state_dirs(dir / "state", dir / "state/p", true).ok());
}

TEST(LoginRecordTest, RoundTripsThroughAPrivateFile) {
  TempDir dir;
  const auto file = dir / "p/login.json";
  auto missing = cli::load_login_record(file);
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
  cli::ProfileSettings settings;
  settings.endpoint = "http://idp";
  settings.username = "alice";
  settings.partner_id = "p-1";
  settings.api_base = "http://api";
  settings.secret_store = "command";
  settings.secret_command = "pass-helper --profile p";
  ASSERT_TRUE(cli::save_login_record(file, {settings}).ok());
  EXPECT_EQ(mode_of(file), 0600u);
  auto loaded = cli::load_login_record(file);
  ASSERT_TRUE(loaded.ok());
  ASSERT_TRUE(loaded->has_value());
  const auto& recorded = (*loaded)->as_settings();
  EXPECT_EQ(recorded.endpoint, "http://idp");
  EXPECT_EQ(recorded.username, "alice");
  EXPECT_EQ(recorded.partner_id, "p-1");
  EXPECT_EQ(recorded.api_base, "http://api");
  EXPECT_EQ(recorded.secret_store, "command") << "the store choice must outlive the login";
  EXPECT_EQ(recorded.secret_command, "pass-helper --profile p");
  EXPECT_FALSE(recorded.provider.has_value());
}

TEST(LoginRecordTest, NeverWritesTheClientSecret) {
  TempDir dir;
  const auto file = dir / "login.json";
  cli::ProfileSettings settings;
  settings.provider = "oauth2";
  settings.client_id = "cli";
  settings.client_secret = "s3cr3t-value";
  ASSERT_TRUE(cli::save_login_record(file, {settings}).ok());
  EXPECT_EQ(read_file(file).find("s3cr3t-value"), std::string::npos);
  auto loaded = cli::load_login_record(file);
  ASSERT_TRUE(loaded.ok() && loaded->has_value());
  EXPECT_EQ((*loaded)->settings.provider, "oauth2");
  EXPECT_FALSE((*loaded)->settings.client_secret.has_value());
}

TEST(LoginRecordTest, ReadsTheRecordsOfEarlierVersions) {
  TempDir dir;
  write_file(dir / "login.json",
             R"({"endpoint": "http://idp", "username": "alice", "partner_id": "p-1"})");
  auto loaded = cli::load_login_record(dir / "login.json");
  ASSERT_TRUE(loaded.ok() && loaded->has_value());
  EXPECT_EQ((*loaded)->settings.endpoint, "http://idp");
  EXPECT_EQ((*loaded)->settings.partner_id, "p-1");
}

TEST(LoginRecordTest, ADamagedRecordSaysWhatToDo) {
  TempDir dir;
  write_file(dir / "login.json", "{\"endpoint\": 3}");
  auto loaded = cli::load_login_record(dir / "login.json");
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.error().message.find("sign in again"), std::string::npos);
}

class SessionStoresTest : public ::testing::Test {
 protected:
  Result<cli::SessionStores> open(std::map<std::string, std::string> variables, bool create) {
    variables["FRESHAUTH_STATE_DIR"] = (dir_ / "state").string();
    variables["FRESHAUTH_CONFIG"] = (dir_ / "config.toml").string();
    const auto env = environment_of(variables);
    auto profile = cli::resolve_profile({}, env);
    if (!profile) return profile.error();
    return cli::open_stores(std::move(*profile), env, create);
  }

  TempDir dir_;
};

TEST_F(SessionStoresTest, TheDefaultKeepsTheRefreshTokenInAnUnencryptedFileApart) {
  auto stores = open({}, /*create=*/true);
  ASSERT_TRUE(stores.ok()) << stores.error().message;
  EXPECT_EQ(stores->layout.session_file(), dir_ / "state/default/session.json");
  EXPECT_NE(stores->secrets->describe().find("UNENCRYPTED"), std::string::npos);
  Session session{"access", "id", "refresh-secret", {}, {}, "p-1", std::nullopt, std::nullopt, 1};
  ASSERT_TRUE(stores->store->save(session).ok());
  EXPECT_EQ(read_file(dir_ / "state/default/refresh_token.secret"), "refresh-secret");
  EXPECT_EQ(mode_of(dir_ / "state/default/refresh_token.secret"), 0600u);
  EXPECT_EQ(read_file(stores->layout.session_file()).find("refresh-secret"), std::string::npos)
      << "the access-token cache must not hold the refresh token";
}

TEST_F(SessionStoresTest, TheLoginRecordFillsInUnsetSettingsOnly) {
  cli::ProfileSettings recorded_settings;
  recorded_settings.endpoint = "http://recorded";
  recorded_settings.username = "bob";
  recorded_settings.partner_id = "p-2";
  ASSERT_TRUE(cli::save_login_record(dir_ / "state/default/login.json", {recorded_settings}).ok());
  auto recorded = open({}, false);
  ASSERT_TRUE(recorded.ok());
  EXPECT_EQ(recorded->settings.endpoint, "http://recorded");
  EXPECT_EQ(recorded->settings.username, "bob");
  EXPECT_FALSE(recorded->profile.settings.endpoint.has_value()) << "the profile's own stay apart";
  auto overridden = open({{"FRESHAUTH_USERNAME", "carol"}}, false);
  ASSERT_TRUE(overridden.ok());
  EXPECT_EQ(overridden->settings.username, "carol");
}

TEST_F(SessionStoresTest, SodiumNeedsAKeyAndEncryptsTheRefreshToken) {
  auto keyless = open({{"FRESHAUTH_SECRET_STORE", "sodium"}}, true);
  ASSERT_FALSE(keyless.ok());
  EXPECT_NE(keyless.error().message.find("FRESHAUTH_SECRET_KEY"), std::string::npos);

  const std::string key(64, 'a');
  auto keyed = open({{"FRESHAUTH_SECRET_STORE", "sodium"}, {"FRESHAUTH_SECRET_KEY", key}}, true);
  ASSERT_TRUE(keyed.ok()) << keyed.error().message;
  ASSERT_TRUE(keyed->secrets->put("refresh_token", "refresh-secret").ok());
  EXPECT_TRUE(std::filesystem::exists(dir_ / "state/default/refresh_token.sealed"));
  EXPECT_EQ(read_file(dir_ / "state/default/refresh_token.sealed").find("refresh-secret"),
            std::string::npos);

  write_file(dir_ / "key", key);
  auto from_file = open({{"FRESHAUTH_SECRET_STORE", "sodium"},
                         {"FRESHAUTH_SECRET_KEY_FILE", (dir_ / "key").string()}},
                        false);
  ASSERT_TRUE(from_file.ok()) << from_file.error().message;
  auto secret = from_file->secrets->get("refresh_token");
  ASSERT_TRUE(secret.ok());
  EXPECT_EQ(*secret, "refresh-secret");
}

TEST_F(SessionStoresTest, CommandStoreNeedsACommandAndUnknownKindsAreRefused) {
  auto no_command = open({{"FRESHAUTH_SECRET_STORE", "command"}}, false);
  ASSERT_FALSE(no_command.ok());
  EXPECT_NE(no_command.error().message.find("secret_command"), std::string::npos);
  auto with_command =
      open({{"FRESHAUTH_SECRET_STORE", "command"}, {"FRESHAUTH_SECRET_COMMAND", "my-helper --x"}},
           false);
  ASSERT_TRUE(with_command.ok());
  EXPECT_NE(with_command->secrets->describe().find("my-helper"), std::string::npos);
  auto unknown = open({{"FRESHAUTH_SECRET_STORE", "keychain"}}, false);
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("file, sodium or command"), std::string::npos);
}

}  // namespace
}  // namespace freshauth::testing
