#include "credentials/default_paths.h"

#include <gtest/gtest.h>

#include "credentials/fake_environment.h"

namespace freshauth::testing {
namespace {

TEST(DefaultPathsTest, ExplicitVariablesWinOverXdgWhichWinsOverHome) {
  auto home_only = environment_of({{"HOME", "/home/u"}});
  EXPECT_EQ(*config_file_path(home_only), "/home/u/.config/freshauth/config.toml");
  EXPECT_EQ(*state_root(home_only), "/home/u/.local/state/freshauth");

  auto xdg = environment_of(
      {{"HOME", "/home/u"}, {"XDG_CONFIG_HOME", "/xdg/config"}, {"XDG_STATE_HOME", "/xdg/state"}});
  EXPECT_EQ(*config_file_path(xdg), "/xdg/config/freshauth/config.toml");
  EXPECT_EQ(*state_root(xdg), "/xdg/state/freshauth");

  auto explicit_paths = environment_of({{"HOME", "/home/u"},
                                        {"XDG_CONFIG_HOME", "/xdg/config"},
                                        {"XDG_STATE_HOME", "/xdg/state"},
                                        {"FRESHAUTH_CONFIG", "/etc/fa.toml"},
                                        {"FRESHAUTH_STATE_DIR", "/var/lib/fa"}});
  EXPECT_EQ(*config_file_path(explicit_paths), "/etc/fa.toml");
  EXPECT_EQ(*state_root(explicit_paths), "/var/lib/fa");
}

TEST(DefaultPathsTest, RelativeXdgPathsAreIgnoredAsTheSpecSays) {
  auto relative = environment_of(
      {{"HOME", "/home/u"}, {"XDG_CONFIG_HOME", "rel/config"}, {"XDG_STATE_HOME", "rel/state"}});
  EXPECT_EQ(*config_file_path(relative), "/home/u/.config/freshauth/config.toml");
  EXPECT_EQ(*state_root(relative), "/home/u/.local/state/freshauth");
}

TEST(DefaultPathsTest, WithoutHomeTheErrorSaysWhatToSet) {
  auto nothing = environment_of({});
  auto state = state_root(nothing);
  ASSERT_FALSE(state.ok());
  EXPECT_NE(state.error().message.find("FRESHAUTH_STATE_DIR"), std::string::npos);
  EXPECT_FALSE(config_file_path(nothing).ok());
}
}  // namespace
}  // namespace freshauth::testing
