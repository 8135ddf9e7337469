#include "freshauth/core/expiry.h"

#include <gtest/gtest.h>

#include "support/test_tokens.h"

namespace freshauth {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using testing::make_access_token;
using testing::make_token;

const TimePoint kNow{seconds{1'700'000'000}};

TokenGrant grant_with(std::string access, std::optional<seconds> expires_in) {
  return TokenGrant{std::move(access), "id", std::nullopt, expires_in};
}

TEST(ExpiryTest, AgreeingSourcesGiveTheLifetime) {
  auto estimate = estimate_expiry(grant_with(make_access_token(kNow, hours{1}), hours{1}), kNow);
  EXPECT_EQ(estimate.expires_at, kNow + hours{1});
  EXPECT_EQ(estimate.issuer_clock_skew, seconds{0});
}

TEST(ExpiryTest, MissingExpiresInFallsBackToTheToken) {
  auto estimate = estimate_expiry(grant_with(make_access_token(kNow, minutes{5}), {}), kNow);
  EXPECT_EQ(estimate.expires_at, kNow + minutes{5});
}

TEST(ExpiryTest, OverstatedExpiresInLosesToTheToken) {
  auto estimate = estimate_expiry(grant_with(make_access_token(kNow, minutes{5}), hours{1}), kNow);
  EXPECT_EQ(estimate.expires_at, kNow + minutes{5});
}

TEST(ExpiryTest, ShorterExpiresInWins) {
  auto estimate = estimate_expiry(grant_with(make_access_token(kNow, hours{1}), minutes{10}), kNow);
  EXPECT_EQ(estimate.expires_at, kNow + minutes{10});
}

TEST(ExpiryTest, IssuerClockAheadIsCancelledByIat) {
  // The issuer thinks it is two hours later: exp alone would look like three hours of life.
  const TimePoint issuer_now = kNow + hours{2};
  auto estimate = estimate_expiry(grant_with(make_access_token(issuer_now, hours{1}), {}), kNow);
  EXPECT_EQ(estimate.expires_at, kNow + hours{1});
  EXPECT_EQ(estimate.issuer_clock_skew, hours{2});
}

TEST(ExpiryTest, IssuerClockBehindDoesNotMakeTheTokenLookExpired) {
  const TimePoint issuer_now = kNow - hours{3};
  auto estimate = estimate_expiry(grant_with(make_access_token(issuer_now, hours{1}), {}), kNow);
  EXPECT_EQ(estimate.expires_at, kNow + hours{1});
}

TEST(ExpiryTest, ExpWithoutIatIsTakenAsAbsolute) {
  const auto exp = to_epoch_seconds(kNow + minutes{20}).count();
  auto estimate = estimate_expiry(grant_with(make_token({{"exp", exp}}), {}), kNow);
  EXPECT_EQ(estimate.expires_at, kNow + minutes{20});
}

TEST(ExpiryTest, OpaqueTokenWithoutExpiresInGetsTheDocumentedDefault) {
  auto estimate = estimate_expiry(grant_with("opaque", {}), kNow);
  EXPECT_EQ(estimate.expires_at, kNow + kDefaultTokenLifetime);
}

TEST(ExpiryTest, ClaimsCanBeIgnoredOnRequest) {
  auto estimate =
      estimate_expiry(grant_with(make_access_token(kNow, minutes{5}), hours{1}), kNow, false);
  EXPECT_EQ(estimate.expires_at, kNow + hours{1});
}

}  // namespace
}  // namespace freshauth
