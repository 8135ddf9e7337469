#include "freshauth/redis/endpoint.h"

#include <gtest/gtest.h>

namespace freshauth::redis {
namespace {

TEST(RedisEndpoint, ParsesHostPortAndDatabase) {
  auto endpoint = Endpoint::parse("redis://cache.internal:6380/2");
  ASSERT_TRUE(endpoint) << endpoint.error().message;
  EXPECT_EQ(endpoint->host, "cache.internal");
  EXPECT_EQ(endpoint->port, 6380);
  EXPECT_EQ(endpoint->database, 2);
  EXPECT_TRUE(endpoint->password.empty());
  EXPECT_EQ(endpoint->describe(), "cache.internal:6380");
}

TEST(RedisEndpoint, DefaultsThePort) {
  auto endpoint = Endpoint::parse("redis://localhost");
  ASSERT_TRUE(endpoint);
  EXPECT_EQ(endpoint->port, 6379);
  EXPECT_EQ(endpoint->database, 0);
}

TEST(RedisEndpoint, TakesAPasswordButNeverDescribesIt) {
  auto endpoint = Endpoint::parse("redis://:s3cret@localhost:7000");
  ASSERT_TRUE(endpoint);
  EXPECT_EQ(endpoint->password, "s3cret");
  EXPECT_EQ(endpoint->describe().find("s3cret"), std::string::npos);
}

TEST(RedisEndpoint, ParsesAUnixSocket) {
  auto endpoint = Endpoint::parse("unix:/run/redis/redis.sock");
  ASSERT_TRUE(endpoint);
  EXPECT_EQ(endpoint->unix_socket, "/run/redis/redis.sock");
  EXPECT_EQ(endpoint->describe(), "/run/redis/redis.sock");
}

TEST(RedisEndpoint, RefusesWhatIsNotAnAddress) {
  for (const char* bad : {"http://x", "redis://", "redis://h:0", "redis://h:70000", "redis://h/x",
                          "unix:relative", "rediss://h:6379"}) {
    auto endpoint = Endpoint::parse(bad);
    ASSERT_FALSE(endpoint) << bad;
    EXPECT_EQ(endpoint.error().code, Errc::invalid_argument);
  }
}

}  // namespace
}  // namespace freshauth::redis
