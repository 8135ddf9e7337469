#include "freshauth/credentials/profile.h"

#include <gtest/gtest.h>

#include "credentials/fake_environment.h"
#include "freshauth/credentials/profile_fields.h"
#include "support/temp_dir.h"

namespace freshauth::testing {
namespace {

class ProfileTest : public ::testing::Test {
 protected:
  std::map<std::string, std::string> base_variables() const {
    return {{"HOME", dir_.path().string()}};
  }
  std::filesystem::path config_file() const { return dir_ / ".config/freshauth/config.toml"; }
  void write_config(const std::string& text) {
    std::filesystem::create_directories(config_file().parent_path());
    write_file(config_file(), text);
  }

  TempDir dir_;
};

TEST_F(ProfileTest, DefaultsToTheDefaultProfileUnderHome) {
  auto profile = resolve_profile({}, environment_of(base_variables()));
  ASSERT_TRUE(profile.ok()) << profile.error().message;
  EXPECT_EQ(profile->name, "default");
  EXPECT_EQ(profile->config_path, config_file());
  EXPECT_FALSE(profile->config_found);
  EXPECT_FALSE(profile->in_config);
  EXPECT_EQ(profile->state_root, dir_ / ".local/state/freshauth");
  EXPECT_EQ(profile->state_dir, dir_ / ".local/state/freshauth/default");
}

TEST_F(ProfileTest, FlagBeatsVariableBeatsDefaultForTheProfileName) {
  auto variables = base_variables();
  variables["FRESHAUTH_PROFILE"] = "from-env";
  auto from_env = resolve_profile({}, environment_of(variables));
  ASSERT_TRUE(from_env.ok());
  EXPECT_EQ(from_env->name, "from-env");
  ProfileRequest selection;
  selection.name = "from-flag";
  auto from_flag = resolve_profile(selection, environment_of(variables));
  ASSERT_TRUE(from_flag.ok());
  EXPECT_EQ(from_flag->name, "from-flag");
  EXPECT_EQ(from_flag->state_dir.filename(), "from-flag");
}

TEST_F(ProfileTest, EverySettingLayersFlagsOverVariablesOverTheConfigFile) {
  std::string config = "[profiles.default]\n";
  auto variables = base_variables();
  for (const auto& field : profile_fields()) {
    config += std::string{field.key} + " = \"http://file/" + std::string{field.key} + "\"\n";
  }
  write_config(config);

  for (const auto& field : profile_fields()) {
    SCOPED_TRACE(std::string{field.key});
    auto only_file = resolve_profile({}, environment_of(variables));
    ASSERT_TRUE(only_file.ok()) << only_file.error().message;
    EXPECT_TRUE(only_file->in_config);
    EXPECT_EQ(only_file->settings.*field.member, "http://file/" + std::string{field.key});

    auto with_env = variables;
    with_env[variable_for(field)] = "http://env/" + std::string{field.key};
    auto env_wins = resolve_profile({}, environment_of(with_env));
    ASSERT_TRUE(env_wins.ok());
    EXPECT_EQ(env_wins->settings.*field.member, "http://env/" + std::string{field.key});

    ProfileRequest selection;
    selection.overrides.*field.member = "http://flag/" + std::string{field.key};
    auto flag_wins = resolve_profile(selection, environment_of(with_env));
    ASSERT_TRUE(flag_wins.ok());
    EXPECT_EQ(flag_wins->settings.*field.member, "http://flag/" + std::string{field.key});
  }
}

TEST_F(ProfileTest, VariablesAndFlagNamesFollowTheConfigKeys) {
  const auto* field = find_profile_field("partner_id");
  ASSERT_NE(field, nullptr);
  EXPECT_EQ(variable_for(*field), "FRESHAUTH_PARTNER_ID");
  EXPECT_EQ(flag_for(*field), "--partner-id");
  EXPECT_EQ(find_profile_field("nonsense"), nullptr);
}

TEST_F(ProfileTest, OtherProfilesInTheConfigAreIgnored) {
  write_config("[profiles.work]\nusername = \"w\"\n[profiles.default]\nusername = \"d\"\n");
  ProfileRequest selection;
  selection.name = "work";
  auto work = resolve_profile(selection, environment_of(base_variables()));
  ASSERT_TRUE(work.ok());
  EXPECT_EQ(work->settings.username, "w");
  selection.name = "absent";
  auto absent = resolve_profile(selection, environment_of(base_variables()));
  ASSERT_TRUE(absent.ok()) << "a profile needs no config entry: flags and variables suffice";
  EXPECT_FALSE(absent->in_config);
  EXPECT_TRUE(absent->config_found);
  EXPECT_FALSE(absent->settings.username.has_value());
}

TEST_F(ProfileTest, AMalformedConfigIsAnError) {
  write_config("[profiles.default\n");
  auto profile = resolve_profile({}, environment_of(base_variables()));
  ASSERT_FALSE(profile.ok());
  EXPECT_NE(profile.error().message.find(config_file().string()), std::string::npos);
  EXPECT_NE(profile.error().message.find("line 1"), std::string::npos) << profile.error().message;
}

TEST_F(ProfileTest, UrlsMustBeHttpAndLoseTrailingSlashes) {
  ProfileRequest selection;
  selection.overrides.endpoint = "https://auth.example.com//";
  selection.overrides.api_base = "http://api.example.com/v1/";
  auto profile = resolve_profile(selection, environment_of(base_variables()));
  ASSERT_TRUE(profile.ok());
  EXPECT_EQ(profile->settings.endpoint, "https://auth.example.com");
  EXPECT_EQ(profile->settings.api_base, "http://api.example.com/v1");
  selection.overrides.endpoint = "auth.example.com";
  auto bad = resolve_profile(selection, environment_of(base_variables()));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("endpoint"), std::string::npos);
}

TEST_F(ProfileTest, BadProfileNamesAreRefused) {
  for (const char* name : {"", "../x", ".hidden", "a/b", "white space"}) {
    ProfileRequest selection;
    selection.name = name;
    EXPECT_FALSE(resolve_profile(selection, environment_of(base_variables())).ok()) << name;
  }
}

TEST(LoginHintTest, NamesTheProfileUnlessItIsTheDefault) {
  EXPECT_EQ(login_hint("default"), "freshauth login");
  EXPECT_EQ(login_hint("work"), "freshauth login --profile work");
}

}  // namespace
}  // namespace freshauth::testing
