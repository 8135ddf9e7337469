#include "freshauth/idp/idp_admin.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/idp_fixture.h"

namespace freshauth::testing {
namespace {

using namespace std::chrono_literals;

class IdpAdminTest : public IdpFixture {};

TEST_F(IdpAdminTest, OpeningCreatesAPrivateDatabaseWithNoUsersOrClients) {
  auto admin = idp::IdpAdmin::open(dir_ / "new.db", clock_->now(), idp::PasswordCost::minimal);
  ASSERT_TRUE(admin.ok()) << admin.error().describe();
  EXPECT_EQ(mode_of(dir_ / "new.db"), 0600u);
  EXPECT_TRUE(admin->users().empty());
  EXPECT_TRUE(admin->clients().empty());
  EXPECT_FALSE(admin->partner_client().has_value());
}

TEST_F(IdpAdminTest, UsersAddedBesideTheRunningServerCanSignInAndRemovedOnesCannot) {
  auto admin = idp::IdpAdmin::open(dir_ / "idp.db", clock_->now(), idp::PasswordCost::minimal);
  ASSERT_TRUE(admin.ok());
  auto carol = admin->add_user({"carol", "carol's long password", false}, clock_->now());
  ASSERT_TRUE(carol.ok()) << carol.error().describe();
  EXPECT_FALSE(carol->totp_secret.has_value());
  EXPECT_FALSE(admin->add_user({"carol", "another long password", false}, clock_->now()).ok())
      << "usernames are unique";
  EXPECT_FALSE(admin->add_user({"dave", "short", false}, clock_->now()).ok());
  EXPECT_EQ(admin->users().size(), 3u) << "alice, bob and carol";

  EXPECT_TRUE(authenticator_->sign_in({"carol", "carol's long password"}).ok());
  ASSERT_TRUE(admin->remove_user("carol").ok());
  EXPECT_FALSE(admin->remove_user("carol").ok());
  auto refused = authenticator_->sign_in({"carol", "carol's long password"});
  EXPECT_FALSE(refused.ok());
}

TEST_F(IdpAdminTest, TheFirstClientStaysThePartnerClient) {
  auto admin = server_->admin();
  auto web = admin.add_client({"web", true, {"https://app.example/cb"}, {}}, false, clock_->now());
  ASSERT_TRUE(web.ok()) << web.error().describe();
  EXPECT_TRUE(web->secret.has_value());
  EXPECT_EQ(admin.partner_client()->client_id, client_id_);
  EXPECT_EQ(admin.clients().size(), 2u);
  EXPECT_FALSE(
      admin.add_client({"short-lived", false, {}, {1s, 1s, 60s}}, false, clock_->now()).ok())
      << "Cognito's bounds unless dev";
  EXPECT_TRUE(
      admin.add_client({"short-lived", false, {}, {1s, 1s, 60s}}, true, clock_->now()).ok());
}

TEST_F(IdpAdminTest, RevokingAUsersSessionsEndsTheirRefreshTokens) {
  const TokenGrant grant = sign_in_alice();
  ASSERT_TRUE(grant.refresh_token.has_value());
  auto admin = server_->admin();
  EXPECT_TRUE(admin.check_refresh_token(*grant.refresh_token, clock_->now()).ok());
  EXPECT_TRUE(admin.check_refresh_token(*grant.refresh_token, clock_->now()).ok())
      << "checking redeems nothing";
  EXPECT_EQ(admin.revoke_sessions("alice"), 1);
  auto checked = admin.check_refresh_token(*grant.refresh_token, clock_->now());
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.error().code, Errc::session_expired);
  EXPECT_EQ(checked.error().message.find(*grant.refresh_token), std::string::npos);
  EXPECT_EQ(admin.check_refresh_token("not a token", clock_->now()).error().code,
            Errc::session_expired);
}

TEST_F(IdpAdminTest, ARotatedKeyIsPublishedBesideTheOldOne) {
  auto admin = server_->admin();
  auto kid = admin.rotate_signing_key(clock_->now());
  ASSERT_TRUE(kid.ok()) << kid.error().describe();
  const auto jwks = nlohmann::json::parse(http_->get("/.well-known/jwks.json")->body);
  ASSERT_EQ(jwks["keys"].size(), 2u);
  EXPECT_EQ(jwks["keys"][1]["kid"], *kid);
}

}  // namespace
}  // namespace freshauth::testing
