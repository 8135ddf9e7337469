#include "freshauth/http/auth_headers.h"

#include <gtest/gtest.h>

namespace freshauth {
namespace {

SessionSnapshot make_session() {
  Session session;
  session.access_token = "access-1";
  session.refresh_token = "refresh-secret";
  session.partner_id = "partner-7";
  session.generation = 3;
  return SessionSnapshot(std::make_shared<const Session>(std::move(session)));
}

TEST(AuthHeadersTest, TakesTokenPartnerAndGenerationFromOneSession) {
  const AuthHeaders auth = AuthHeaders::from(make_session());
  EXPECT_EQ(auth.authorization, "Bearer access-1");
  EXPECT_EQ(auth.partner_id, "partner-7");
  EXPECT_EQ(auth.generation, 3U);
}

TEST(AuthHeadersTest, ApplyReplacesWhatTheCallerSet) {
  HttpHeaders headers{{"authorization", "Bearer forged"}, {"Accept", "application/json"}};
  AuthHeaders::from(make_session()).apply_to(headers);
  EXPECT_EQ(headers.find("Authorization"), "Bearer access-1");
  EXPECT_EQ(headers.find("x-preferred-partner-id"), "partner-7");
  EXPECT_EQ(headers.size(), 3U);
}

TEST(AuthHeadersTest, ApplyingAKeptSnapshotLeavesItWhole) {
  const AuthHeaders auth = AuthHeaders::from(make_session());
  HttpHeaders first;
  HttpHeaders second;
  auth.apply_to(first);
  auth.apply_to(second);
  EXPECT_EQ(second.find("Authorization"), "Bearer access-1");
  EXPECT_EQ(second.find("X-Preferred-Partner-Id"), "partner-7");
  EXPECT_EQ(auth.authorization, "Bearer access-1");
}

TEST(AuthHeadersTest, ApplyingWithoutAPartnerRemovesTheCallersOne) {
  AuthHeaders auth = AuthHeaders::from(make_session());
  auth.partner_id.clear();
  HttpHeaders headers{{"X-Preferred-Partner-Id", "forged"}};
  std::move(auth).apply_to(headers);
  EXPECT_FALSE(headers.contains("X-Preferred-Partner-Id"));
  EXPECT_EQ(headers.find("Authorization"), "Bearer access-1");
}

TEST(AuthHeadersTest, NeverCarriesTheRefreshToken) {
  const HttpHeaders headers = AuthHeaders::from(make_session()).as_headers();
  for (const auto& [name, value] : headers.fields()) {
    EXPECT_EQ(value.find("refresh-secret"), std::string::npos) << name;
  }
}

}  // namespace
}  // namespace freshauth
