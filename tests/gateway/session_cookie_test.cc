#include "gateway/session_cookie.h"

#include <gtest/gtest.h>

#include <set>

namespace freshauth::gateway {
namespace {

const std::string kId = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ";  // 43 base64url chars

TEST(SessionCookie, NewIdsAre256RandomBitsInBase64Url) {
  std::set<std::string> ids;
  for (int i = 0; i < 100; ++i) {
    const std::string id = new_session_id();
    EXPECT_EQ(id.size(), 43u);
    EXPECT_TRUE(session_id_from_cookies(std::string{kSessionCookieName} + "=" + id).has_value());
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 100u);
}

TEST(SessionCookie, IsFoundAmongOtherCookies) {
  const std::string header = "theme=dark; " + std::string{kSessionCookieName} + "=" + kId + "; x=1";
  EXPECT_EQ(session_id_from_cookies(header), kId);
  EXPECT_EQ(session_id_from_cookies(std::string{kSessionCookieName} + "=\"" + kId + "\""), kId);
}

TEST(SessionCookie, MalformedMissingOrDoubledCookiesGiveNothing) {
  const std::string name{kSessionCookieName};
  EXPECT_FALSE(session_id_from_cookies(""));
  EXPECT_FALSE(session_id_from_cookies("theme=dark"));
  EXPECT_FALSE(session_id_from_cookies(name + "="));
  EXPECT_FALSE(session_id_from_cookies(name + "=" + kId.substr(1)));
  EXPECT_FALSE(session_id_from_cookies(name + "=" + kId + "x"));
  EXPECT_FALSE(session_id_from_cookies(name + "=" + kId.substr(1) + "+"));
  EXPECT_FALSE(session_id_from_cookies(name + "=" + kId.substr(1) + "\n"));
  EXPECT_FALSE(session_id_from_cookies(name + "=" + kId + "; " + name + "=" + kId))
      << "a second cookie of the same name (set by a sibling site) makes both untrusted";
  EXPECT_FALSE(session_id_from_cookies("freshauth-session=" + kId)) << "only the __Host- name";
}

TEST(SessionCookie, TheKeyIsAHashNotTheId) {
  EXPECT_EQ(session_key(kId).size(), 64u);
  EXPECT_EQ(session_key(kId).find(kId), std::string::npos);
  EXPECT_NE(session_key(kId), session_key(new_session_id()));
}

TEST(SessionCookie, IsHttpOnlySecureStrictAndHostOnly) {
  const std::string cookie = session_cookie(kId);
  EXPECT_EQ(cookie, std::string{kSessionCookieName} + "=" + kId +
                        "; Path=/; Secure; HttpOnly; SameSite=Strict");
  EXPECT_EQ(cookie.find("Domain"), std::string::npos);
  EXPECT_NE(session_cookie(kId, std::chrono::hours{8}).find("; Max-Age=28800"), std::string::npos);
  EXPECT_EQ(
      cleared_session_cookie(),
      std::string{kSessionCookieName} + "=; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age=0");
}

}  // namespace
}  // namespace freshauth::gateway
