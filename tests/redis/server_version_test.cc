#include "freshauth/redis/server_version.h"

#include <gtest/gtest.h>

#include "support/redis_server.h"

namespace freshauth::redis {
namespace {

TEST(ServerVersion, IsReadFromTheInfoReply) {
  const auto version = parse_server_version(
      "# Server\r\nredis_version:7.0.15\r\nredis_git_sha1:00000000\r\nredis_mode:standalone\r\n");
  ASSERT_TRUE(version);
  EXPECT_EQ(*version, (ServerVersion{7, 0, 15}));
  EXPECT_EQ(version->to_string(), "7.0.15");
  EXPECT_EQ(parse_server_version("redis_version:6.2.0"), (ServerVersion{6, 2, 0}));
}

TEST(ServerVersion, AnythingElseIsNoVersion) {
  EXPECT_FALSE(parse_server_version(""));
  EXPECT_FALSE(parse_server_version("# Server\r\nredis_mode:standalone\r\n"));
  EXPECT_FALSE(parse_server_version("redis_version:7.0\r\n"));
  EXPECT_FALSE(parse_server_version("redis_version:7.0.15-rc1\r\n"));
  EXPECT_FALSE(parse_server_version("redis_version:seven\r\n"));
  EXPECT_FALSE(parse_server_version("not_redis_version:7.0.15\r\n"));
}

TEST(ServerVersion, OrdersByMajorMinorPatch) {
  EXPECT_LT((ServerVersion{6, 0, 16}), (ServerVersion{6, 2, 0}));
  EXPECT_LT((ServerVersion{6, 2, 0}), (ServerVersion{6, 2, 1}));
  EXPECT_LT((ServerVersion{6, 9, 9}), (ServerVersion{7, 0, 0}));
}

// Against the test's own redis-server (a Unix socket in a temporary folder).
TEST(ServerVersion, AServerOlderThanNeededIsRefusedSayingWhatNeedsMore) {
  testing::RedisServer server;
  FRESHAUTH_START_REDIS(server);
  auto client = Client::connect(server.endpoint());
  ASSERT_TRUE(client) << client.error().message;
  auto running = require_server_version(**client, {2, 0, 0}, "anything");
  ASSERT_TRUE(running) << running.error().describe();
  EXPECT_FALSE(*running < (ServerVersion{2, 0, 0})) << running->to_string();

  auto refused = require_server_version(**client, {99, 0, 0}, "GETDEL (pending sign-ins)");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::invalid_argument);
  const std::string& message = refused.error().message;
  EXPECT_NE(message.find("is version " + running->to_string()), std::string::npos) << message;
  EXPECT_NE(message.find("GETDEL (pending sign-ins) needs Redis 99.0.0 or later"),
            std::string::npos)
      << message;
}

}  // namespace
}  // namespace freshauth::redis
