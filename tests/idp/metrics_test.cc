// The embedded idp's /metrics counts per route: a refresh through the partner API shows up under
// its route pattern.
#include <gtest/gtest.h>

#include <iostream>

#include "support/idp_fixture.h"

namespace freshauth::testing {
namespace {

bool has_line(const std::string& text, const std::string& line) {
  return text.find("\n" + line + "\n") != std::string::npos;
}

class IdpMetricsTest : public IdpFixture {};

TEST_F(IdpMetricsTest, ARefreshShowsUpUnderItsRoute) {
  const TokenGrant grant = sign_in_alice();
  ASSERT_TRUE(grant.refresh_token);
  auto refreshed = authenticator_->refresh({*grant.refresh_token, {}, {}});
  ASSERT_TRUE(refreshed.ok()) << refreshed.error().describe();
  auto refused = authenticator_->refresh({"not-a-refresh-token", {}, {}});
  ASSERT_FALSE(refused.ok());

  auto scraped = http_->get("/metrics");
  ASSERT_TRUE(scraped);
  EXPECT_EQ(scraped->status, 200);
  const std::string& text = scraped->body;
  EXPECT_TRUE(
      has_line(text, R"(freshauth_http_requests_total{route="/auth",method="POST",code="200"} 1)"))
      << text;
  EXPECT_TRUE(has_line(
      text,
      R"(freshauth_http_requests_total{route="/auth/refresh_token",method="POST",code="200"} 1)"));
  EXPECT_NE(
      text.find(
          R"(freshauth_http_requests_total{route="/auth/refresh_token",method="POST",code="4)"),
      std::string::npos);
  EXPECT_TRUE(has_line(
      text, R"(freshauth_http_request_duration_seconds_count{route="/auth/refresh_token"} 2)"));
  EXPECT_EQ(text.find(*grant.refresh_token), std::string::npos);
  std::cout << text;
}

}  // namespace
}  // namespace freshauth::testing
