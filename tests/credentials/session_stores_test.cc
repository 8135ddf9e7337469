#include "freshauth/credentials/session_stores.h"

#include <gtest/gtest.h>

#include "credentials/fake_environment.h"
#include "freshauth/credentials/login_record.h"
#include "support/temp_dir.h"

namespace freshauth::testing {
namespace {

class SessionStoresTest : public ::testing::Test {
 protected:
  Result<SessionStores> open(std::map<std::string, std::string> variables, bool create) {
    variables["FRESHAUTH_STATE_DIR"] = (dir_ / "state").string();
    variables["FRESHAUTH_CONFIG"] = (dir_ / "config.toml").string();
    const auto env = environment_of(variables);
    auto profile = resolve_profile({}, env);
    if (!profile) return profile.error();
    return open_stores(std::move(*profile), env, create);
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
  ProfileSettings recorded_settings;
  recorded_settings.endpoint = "http://recorded";
  recorded_settings.username = "bob";
  recorded_settings.partner_id = "p-2";
  ASSERT_TRUE(save_login_record(dir_ / "state/default/login.json", {recorded_settings}).ok());
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
