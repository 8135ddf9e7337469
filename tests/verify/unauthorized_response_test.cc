#include "freshauth/verify/unauthorized_response.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace freshauth {
namespace {

TEST(UnauthorizedResponseTest, InvalidTokenIs401WithBearerChallenge) {
  const auto response = unauthorized_response({VerifyErrc::expired, "token expired"});
  EXPECT_EQ(response.status, 401);
  EXPECT_EQ(response.www_authenticate,
            R"(Bearer error="invalid_token", error_description="expired: token expired")");
  EXPECT_EQ(nlohmann::json::parse(response.body)["error"], "invalid_token");
}

TEST(UnauthorizedResponseTest, MissingScopeIs403InsufficientScope) {
  const auto response = unauthorized_response({VerifyErrc::missing_scope, "scope x missing"});
  EXPECT_EQ(response.status, 403);
  EXPECT_NE(response.www_authenticate.find(R"(error="insufficient_scope")"), std::string::npos);
}

TEST(UnauthorizedResponseTest, RevokedIs401InvalidToken) {
  const auto response = unauthorized_response({VerifyErrc::revoked, "no longer active"});
  EXPECT_EQ(response.status, 401);
  EXPECT_NE(response.www_authenticate.find(R"(error="invalid_token")"), std::string::npos);
}

TEST(UnauthorizedResponseTest, UnknownRevocationStateIs503SoClientsKeepTheirSessions) {
  const auto response =
      unauthorized_response({VerifyErrc::revocation_unknown, "introspection unreachable"});
  EXPECT_EQ(response.status, 503);
  EXPECT_TRUE(response.www_authenticate.empty());
  EXPECT_EQ(nlohmann::json::parse(response.body)["error"], "temporarily_unavailable");
}

TEST(UnauthorizedResponseTest, DescriptionCannotBreakOutOfTheQuotedString) {
  const auto response = unauthorized_response({VerifyErrc::malformed, "a\"b\\c\r\nd"});
  EXPECT_EQ(response.www_authenticate,
            R"(Bearer error="invalid_token", error_description="malformed: abcd")");
}

}  // namespace
}  // namespace freshauth
