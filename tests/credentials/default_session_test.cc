#include "freshauth/credentials/default_session.h"

#include <gtest/gtest.h>

#include <fstream>

#include "credentials/fake_environment.h"
#include "freshauth/credentials/login_record.h"
#include "support/idp_fixture.h"

namespace freshauth::testing {
namespace {

constexpr const char* kPartner = "partner-1";

// A profile signed in as `freshauth login` leaves it (session, refresh token, login record), then
// opened by a "service" that knows only the environment.
class DefaultSessionTest : public IdpFixture {
 protected:
  std::map<std::string, std::string> variables() const {
    return {{"FRESHAUTH_STATE_DIR", (dir_ / "state").string()},
            {"FRESHAUTH_CONFIG", (dir_ / "config.toml").string()}};
  }
  DefaultSessionOptions options(std::map<std::string, std::string> extra = {}) const {
    auto all = variables();
    all.insert(extra.begin(), extra.end());
    DefaultSessionOptions options;
    options.environment = environment_of(std::move(all));
    options.engine.clock = clock_;
    return options;
  }

  // Signs alice in through the library's own stores and records the login, as the CLI does.
  void log_in(const std::string& profile) {
    ProfileRequest request;
    request.name = profile;
    request.overrides.endpoint = server_->base_url();
    request.overrides.username = "alice";
    request.overrides.partner_id = kPartner;
    auto opts = options();
    auto resolved = resolve_profile(request, opts.environment);
    ASSERT_TRUE(resolved.ok()) << resolved.error().message;
    auto stores = open_stores(std::move(*resolved), opts.environment, /*create=*/true);
    ASSERT_TRUE(stores.ok()) << stores.error().message;
    auto session = open_session(std::move(*stores), std::move(opts));
    ASSERT_TRUE(session.ok()) << session.error().message;
    auto signed_in = session->engine->sign_in({"alice", kAlicePassword}, {kPartner, {}, {}});
    ASSERT_TRUE(signed_in.ok()) << signed_in.error().message;
    ASSERT_FALSE(signed_in->has_value()) << "alice needs no MFA";
    ASSERT_TRUE(save_login_record(session->stores.layout.login_record(),
                                  LoginRecord{session->stores.settings})
                    .ok());
    signed_in_token_ = session->engine->current()->access_token;
  }

  std::string signed_in_token_;
};

TEST_F(DefaultSessionTest, TheEnvironmentAloneFindsTheSignedInProfileAndRefreshesIt) {
  log_in("default");
  // Past the access token's lifetime (an hour): only a refresh at the server makes it fresh.
  clock_->advance(std::chrono::hours{2});

  auto session = open_default_session({}, options());
  ASSERT_TRUE(session.ok()) << session.error().message;
  EXPECT_EQ(session->profile_name(), "default");
  EXPECT_EQ(session->endpoint(), server_->base_url()) << "the server comes from the login record";
  auto fresh = session->engine->try_ensure_fresh();
  ASSERT_TRUE(fresh.ok()) << fresh.error().message;
  const auto current = session->engine->current();
  // Compared without printing: a token never goes to the test output.
  EXPECT_TRUE(current->access_token != signed_in_token_) << "no refresh happened";
  EXPECT_GT(current->expires_at, clock_->now());
  EXPECT_EQ(current->partner_id, kPartner);
}

TEST_F(DefaultSessionTest, FreshauthProfileNamesTheProfile) {
  log_in("work");
  EXPECT_EQ(open_default_session({}, options()).error().code, Errc::not_signed_in);
  auto work = open_default_session({}, options({{"FRESHAUTH_PROFILE", "work"}}));
  ASSERT_TRUE(work.ok()) << work.error().message;
  EXPECT_EQ(work->profile_name(), "work");
  ASSERT_TRUE(work->engine->try_ensure_fresh().ok());
  EXPECT_TRUE(work->engine->current()->access_token == signed_in_token_) << "still fresh";
}

TEST_F(DefaultSessionTest, AProfileNeverSignedInSaysWhichLoginToRun) {
  ProfileRequest request;
  request.name = "nobody";
  auto session = open_default_session(request, options());
  ASSERT_FALSE(session.ok());
  EXPECT_EQ(session.error().code, Errc::not_signed_in);
  EXPECT_NE(session.error().message.find("run `freshauth login --profile nobody`"),
            std::string::npos)
      << session.error().message;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "state")) << "opening writes nothing";
}

TEST_F(DefaultSessionTest, ASessionFromAnotherServerIsRefused) {
  log_in("default");
  std::ofstream{dir_ / "config.toml"} << "[profiles.default]\nendpoint = \"http://127.0.0.1:9\"\n";
  auto session = open_default_session({}, options());
  ASSERT_FALSE(session.ok());
  EXPECT_EQ(session.error().code, Errc::invalid_argument);
  EXPECT_NE(session.error().message.find("was created at " + server_->base_url()),
            std::string::npos)
      << session.error().message;
}

}  // namespace
}  // namespace freshauth::testing
