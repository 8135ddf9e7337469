#include "credentials/config_file.h"

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace freshauth::testing {
namespace {

TEST(ConfigFileTest, ReadsEverySettingOfEveryProfile) {
  auto config = parse_config(R"(
# comments are fine
[profiles.default]
endpoint = "http://127.0.0.1:8080"
partner_id = "partner-1"
username = "alice"
api_base = "http://127.0.0.1:9090"
secret_store = "command"
secret_command = "pass-helper --vault dev"
secret_key_file = "/keys/freshauth"

[profiles.work]
endpoint = "https://auth.example.com"
)",
                             "/etc/config.toml");
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_TRUE(config->found);
  ASSERT_EQ(config->profiles.size(), 2u);
  const auto& main = config->profiles.at("default");
  EXPECT_EQ(main.endpoint, "http://127.0.0.1:8080");
  EXPECT_EQ(main.partner_id, "partner-1");
  EXPECT_EQ(main.username, "alice");
  EXPECT_EQ(main.api_base, "http://127.0.0.1:9090");
  EXPECT_EQ(main.secret_store, "command");
  EXPECT_EQ(main.secret_command, "pass-helper --vault dev");
  EXPECT_EQ(main.secret_key_file, "/keys/freshauth");
  const auto& work = config->profiles.at("work");
  EXPECT_EQ(work.endpoint, "https://auth.example.com");
  EXPECT_FALSE(work.username.has_value()) << "unset settings stay unset";
}

TEST(ConfigFileTest, AnEmptyFileHasNoProfiles) {
  auto config = parse_config("", "config.toml");
  ASSERT_TRUE(config.ok());
  EXPECT_TRUE(config->profiles.empty());
}

TEST(ConfigFileTest, SyntaxErrorsNameTheFileAndTheLine) {
  auto config = parse_config("[profiles.default]\nendpoint = \"http://x\"\nusername = \n",
                             "/home/u/.config/freshauth/config.toml");
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().code, Errc::invalid_argument);
  EXPECT_NE(config.error().message.find("/home/u/.config/freshauth/config.toml"), std::string::npos)
      << config.error().message;
  EXPECT_NE(config.error().message.find("line 3"), std::string::npos) << config.error().message;
}

TEST(ConfigFileTest, UnterminatedStringIsAnErrorOnItsLine) {
  auto config = parse_config("\n\n[profiles.a]\nendpoint = \"http://x\n", "c.toml");
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.error().message.find("line 4"), std::string::npos) << config.error().message;
}

TEST(ConfigFileTest, UnknownSettingsAreErrorsThatListTheKnownOnes) {
  auto config = parse_config("[profiles.work]\nendpiont = \"http://x\"\n", "c.toml");
  ASSERT_FALSE(config.ok());
  const std::string& message = config.error().message;
  EXPECT_NE(message.find("[profiles.work]"), std::string::npos) << message;
  EXPECT_NE(message.find("`endpiont`"), std::string::npos) << message;
  EXPECT_NE(message.find("endpoint, partner_id"), std::string::npos) << message;
}

TEST(ConfigFileTest, SettingsMustBeStrings) {
  auto config = parse_config("[profiles.work]\npartner_id = 42\n", "c.toml");
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.error().message.find("`partner_id` must be a string"), std::string::npos);
}

TEST(ConfigFileTest, SettingsOutsideAProfileAreErrors) {
  auto top_level = parse_config("endpoint = \"http://x\"\n", "c.toml");
  ASSERT_FALSE(top_level.ok());
  EXPECT_NE(top_level.error().message.find("[profiles.NAME]"), std::string::npos);
  auto not_a_table = parse_config("[profiles]\nwork = \"http://x\"\n", "c.toml");
  ASSERT_FALSE(not_a_table.ok());
  EXPECT_NE(not_a_table.error().message.find("must be a table"), std::string::npos);
}

TEST(ConfigFileTest, ProfileNamesMustBeUsableAsFolderNames) {
  auto config = parse_config("[profiles.\"../etc\"]\nendpoint = \"http://x\"\n", "c.toml");
  ASSERT_FALSE(config.ok());
  EXPECT_NE(config.error().message.find("invalid profile name"), std::string::npos);
}

TEST(ConfigFileTest, DuplicateKeysAreErrors) {
  auto config = parse_config("[profiles.a]\nusername = \"x\"\nusername = \"y\"\n", "c.toml");
  EXPECT_FALSE(config.ok());
}

TEST(ConfigFileTest, AMissingFileIsAnEmptyConfig) {
  TempDir dir;
  auto config = load_config_file(dir / "nowhere.toml");
  ASSERT_TRUE(config.ok());
  EXPECT_FALSE(config->found);
  EXPECT_TRUE(config->profiles.empty());
}

TEST(ConfigFileTest, LoadsAFileFromDisk) {
  TempDir dir;
  write_file(dir / "config.toml", "[profiles.default]\nusername = \"bob\"\n", 0644);
  auto config = load_config_file(dir / "config.toml");
  ASSERT_TRUE(config.ok());
  EXPECT_TRUE(config->found);
  EXPECT_EQ(config->profiles.at("default").username, "bob");
}

TEST(ConfigFileTest, AFolderInsteadOfAFileIsAnError) {
  TempDir dir;
  std::filesystem::create_directory(dir / "config.toml");
  auto config = load_config_file(dir / "config.toml");
  EXPECT_FALSE(config.ok());
}

}  // namespace
}  // namespace freshauth::testing
