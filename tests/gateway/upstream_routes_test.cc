#include "gateway/upstream_routes.h"

#include <gtest/gtest.h>

namespace freshauth::gateway {
namespace {

UpstreamRoutes routes() {
  return UpstreamRoutes::create({{"/api/", "http://127.0.0.1:9000", false},
                                 {"/api/partner/", "http://partner.internal/v2/", true},
                                 {"/v6/", "http://[::1]:8443", false}})
      .value();
}

TEST(UpstreamRoutes, TheLongestAllowlistedPrefixWins) {
  const auto table = routes();
  auto api = table.match("/api/items", "page=2");
  ASSERT_TRUE(api);
  EXPECT_EQ(api->host, "127.0.0.1");
  EXPECT_EQ(api->port, 9000);
  EXPECT_EQ(api->target, "/api/items?page=2");
  EXPECT_FALSE(api->route->partner_header);
  auto partner = table.match("/api/partner/orders", "");
  ASSERT_TRUE(partner);
  EXPECT_EQ(partner->host, "partner.internal");
  EXPECT_EQ(partner->port, 80);
  EXPECT_EQ(partner->target, "/v2/api/partner/orders");
  EXPECT_TRUE(partner->route->partner_header);
  auto v6 = table.match("/v6/x", "");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 8443);
}

TEST(UpstreamRoutes, PathsOutsideTheAllowlistAreNotProxied) {
  const auto table = routes();
  EXPECT_FALSE(table.match("/", ""));
  EXPECT_FALSE(table.match("/api", "")) << "the prefix itself needs its slash";
  EXPECT_FALSE(table.match("/apix/items", ""));
  EXPECT_FALSE(table.match("/auth/session", ""));
  EXPECT_FALSE(table.match("/metrics", ""));
}

TEST(UpstreamRoutes, PathsThatCouldMeanSomethingElseUpstreamAreRefused) {
  const auto table = routes();
  for (const char* bad :
       {"/api/../admin", "/api/./items", "/api/a/..", "/api//items", "/api/%2e%2e/admin",
        "/api/%2E%2E/admin", "/api/a%2fb", "/api/a%5cb", "/api/a\\b", "/api/a%00", "/api/a%0d%0a",
        "/api/a b", "/api/a\r\nX: y", "/api/a#frag", "/api/a%", "/api/a%2"}) {
    EXPECT_FALSE(table.match(bad, "")) << bad;
  }
  EXPECT_FALSE(table.match("/api/items", "a=1\r\nX: y"));
  EXPECT_FALSE(table.match("/api/items", "a=1 2"));
  EXPECT_TRUE(table.match("/api/a%20b", "q=%2e%2e")) << "ordinary escapes are fine";
}

TEST(UpstreamRoutes, UnusableRoutesAreRefusedWithTheirPrefix) {
  const auto refused = [](UpstreamRoute route) {
    auto created = UpstreamRoutes::create({route});
    EXPECT_FALSE(created.ok()) << route.prefix << " -> " << route.upstream;
    if (!created.ok()) {
      EXPECT_NE(created.error().message.find(route.prefix), std::string::npos);
    }
  };
  refused({"api/", "http://127.0.0.1:9000"});
  refused({"/api", "http://127.0.0.1:9000"});
  refused({"/", "http://127.0.0.1:9000"});
  refused({"/a/../b/", "http://127.0.0.1:9000"});
  refused({"/api/", "https://127.0.0.1:9000"});
  refused({"/api/", "http://127.0.0.1:0"});
  refused({"/api/", "http://127.0.0.1:70000"});
  refused({"/api/", "http://127.0.0.1:x"});
  refused({"/api/", "http://user@127.0.0.1"});
  refused({"/api/", "http://"});
  refused({"/api/", "http://[::1"});
  refused({"/app/", "http://127.0.0.1:9000", true, true});
}

TEST(CanonicalPath, Examples) {
  EXPECT_TRUE(is_canonical_path("/"));
  EXPECT_TRUE(is_canonical_path("/a/b/"));
  EXPECT_TRUE(is_canonical_path("/a/.b/c..d"));
  EXPECT_FALSE(is_canonical_path(""));
  EXPECT_FALSE(is_canonical_path("a"));
  EXPECT_FALSE(is_canonical_path("/a/."));
  EXPECT_FALSE(is_canonical_path("/a?b"));
}

}  // namespace
}  // namespace freshauth::gateway
