#include "freshauth/credentials/login_record.h"

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace freshauth::testing {
namespace {

TEST(LoginRecordTest, RoundTripsThroughAPrivateFile) {
  TempDir dir;
  const auto file = dir / "p/login.json";
  auto missing = load_login_record(file);
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
  ProfileSettings settings;
  settings.endpoint = "http://idp";
  settings.username = "alice";
  settings.partner_id = "p-1";
  settings.api_base = "http://api";
  settings.secret_store = "command";
  settings.secret_command = "pass-helper --profile p";
  ASSERT_TRUE(save_login_record(file, {settings}).ok());
  EXPECT_EQ(mode_of(file), 0600u);
  auto loaded = load_login_record(file);
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
  ProfileSettings settings;
  settings.provider = "oauth2";
  settings.client_id = "cli";
  settings.client_secret = "s3cr3t-value";
  ASSERT_TRUE(save_login_record(file, {settings}).ok());
  EXPECT_EQ(read_file(file).find("s3cr3t-value"), std::string::npos);
  auto loaded = load_login_record(file);
  ASSERT_TRUE(loaded.ok() && loaded->has_value());
  EXPECT_EQ((*loaded)->settings.provider, "oauth2");
  EXPECT_FALSE((*loaded)->settings.client_secret.has_value());
}

TEST(LoginRecordTest, ReadsTheRecordsOfEarlierVersions) {
  TempDir dir;
  write_file(dir / "login.json",
             R"({"endpoint": "http://idp", "username": "alice", "partner_id": "p-1"})");
  auto loaded = load_login_record(dir / "login.json");
  ASSERT_TRUE(loaded.ok() && loaded->has_value());
  EXPECT_EQ((*loaded)->settings.endpoint, "http://idp");
  EXPECT_EQ((*loaded)->settings.partner_id, "p-1");
}

TEST(LoginRecordTest, ADamagedRecordSaysWhatToDo) {
  TempDir dir;
  write_file(dir / "login.json", "{\"endpoint\": 3}");
  auto loaded = load_login_record(dir / "login.json");
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.error().message.find("sign in again"), std::string::npos);
}
}  // namespace
}  // namespace freshauth::testing
