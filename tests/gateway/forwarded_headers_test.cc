#include "gateway/forwarded_headers.h"

#include <gtest/gtest.h>

namespace freshauth::gateway {
namespace {

const AuthHeaders kSession{"Bearer access-token-of-generation-4", "partner-7", 4};
const ForwardContext kContext{"203.0.113.9", "app.example.com", "https"};

std::optional<std::string> value_of(const HeaderList& headers, std::string_view name) {
  std::optional<std::string> found;
  for (const auto& [each, value] : headers) {
    if (each == name) {
      EXPECT_FALSE(found) << name << " appears twice";
      found = value;
    }
  }
  return found;
}

TEST(UpstreamRequestHeaders, CarryTheSessionsHeadersFromOneSnapshotAndNothingOfTheCallers) {
  const server::HeaderMap incoming{{"Accept", "application/json"},
                                   {"Cookie", "__Host-freshauth-session=x; other=y"},
                                   {"Authorization", "Bearer forged"},
                                   {"X-Preferred-Partner-Id", "partner-of-someone-else"},
                                   {"X-CSRF", "1"},
                                   {"Host", "app.example.com"},
                                   {"Content-Length", "12"},
                                   {"Connection", "keep-alive, X-Private-Hop"},
                                   {"X-Private-Hop", "secret"},
                                   {"Keep-Alive", "timeout=5"},
                                   {"Transfer-Encoding", "chunked"},
                                   {"Upgrade", "websocket"},
                                   {"Proxy-Authorization", "Basic eA=="},
                                   {"X-Forwarded-Host", "evil.example"},
                                   {"X-Request-Id", "r-1"}};
  auto headers = upstream_request_headers(incoming, kSession, true, kContext, "X-CSRF");
  ASSERT_TRUE(headers.ok());
  EXPECT_EQ(value_of(*headers, "Authorization"), "Bearer access-token-of-generation-4");
  EXPECT_EQ(value_of(*headers, "X-Preferred-Partner-Id"), "partner-7");
  EXPECT_EQ(value_of(*headers, "Accept"), "application/json");
  EXPECT_EQ(value_of(*headers, "X-Request-Id"), "r-1");
  EXPECT_EQ(value_of(*headers, "X-Forwarded-For"), "203.0.113.9");
  EXPECT_EQ(value_of(*headers, "X-Forwarded-Host"), "app.example.com");
  EXPECT_EQ(value_of(*headers, "X-Forwarded-Proto"), "https");
  for (const char* gone :
       {"Cookie", "X-CSRF", "Host", "Content-Length", "Connection", "X-Private-Hop", "Keep-Alive",
        "Transfer-Encoding", "Upgrade", "Proxy-Authorization"}) {
    EXPECT_FALSE(value_of(*headers, gone)) << gone;
  }
  for (const auto& [name, value] : *headers) {
    EXPECT_EQ(value.find("forged"), std::string::npos) << name;
    EXPECT_EQ(value.find("freshauth-session"), std::string::npos) << name;
  }
}

TEST(UpstreamRequestHeaders, ThePartnerIdOnlyWhereTheRouteAsks) {
  auto headers = upstream_request_headers({}, kSession, false, kContext, "X-CSRF");
  ASSERT_TRUE(headers.ok());
  EXPECT_FALSE(value_of(*headers, "X-Preferred-Partner-Id"));
  EXPECT_TRUE(value_of(*headers, "Authorization"));
}

TEST(UpstreamRequestHeaders, WithoutASessionNothingAuthorisesTheRequest) {
  const server::HeaderMap incoming{{"Accept", "text/html"},
                                   {"Cookie", "__Host-freshauth-session=x"},
                                   {"Authorization", "Bearer forged"},
                                   {"X-Preferred-Partner-Id", "partner-of-someone-else"},
                                   {"X-CSRF", "1"}};
  auto headers = upstream_request_headers(incoming, kContext, "X-CSRF");
  ASSERT_TRUE(headers.ok());
  EXPECT_EQ(value_of(*headers, "Accept"), "text/html");
  EXPECT_EQ(value_of(*headers, "X-Forwarded-Proto"), "https");
  for (const char* gone : {"Cookie", "Authorization", "X-Preferred-Partner-Id", "X-CSRF"}) {
    EXPECT_FALSE(value_of(*headers, gone)) << gone;
  }
}

TEST(UpstreamRequestHeaders, AnEarlierProxyIsKeptInXForwardedFor) {
  auto headers = upstream_request_headers({{"X-Forwarded-For", "198.51.100.1"}}, kSession, false,
                                          kContext, "X-CSRF");
  EXPECT_EQ(value_of(*headers, "X-Forwarded-For"), "198.51.100.1, 203.0.113.9");
}

TEST(UpstreamRequestHeaders, LineBreaksAreRefusedWithoutQuotingTheValue) {
  auto refused = upstream_request_headers({{"X-Note", "a\r\nAuthorization: Bearer planted"}},
                                          kSession, false, kContext, "X-CSRF");
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("X-Note"), std::string::npos);
  EXPECT_EQ(refused.error().message.find("planted"), std::string::npos);
  EXPECT_FALSE(upstream_request_headers({{"X-Nul", std::string{"a\0b", 3}}}, kSession, false,
                                        kContext, "X-CSRF")
                   .ok());
  EXPECT_FALSE(upstream_request_headers({}, kSession, false,
                                        {"203.0.113.9", "evil\r\nX: y", "https"}, "X-CSRF")
                   .ok());
}

TEST(CallerResponseHeaders, DropHopByHopHeadersAndCookies) {
  const HeaderList upstream{{"Content-Type", "application/json"},
                            {"Set-Cookie", "__Host-freshauth-session=planted; Path=/; Secure"},
                            {"Connection", "close, X-Hop"},
                            {"X-Hop", "1"},
                            {"Content-Length", "2"},
                            {"Transfer-Encoding", "chunked"},
                            {"WWW-Authenticate", "Basic realm=x"},
                            {"Cache-Control", "no-store"},
                            {"X-Bad", "a\r\nb"}};
  const HeaderList expected{{"Content-Type", "application/json"}, {"Cache-Control", "no-store"}};
  EXPECT_EQ(caller_response_headers(upstream), expected);
}

}  // namespace
}  // namespace freshauth::gateway
