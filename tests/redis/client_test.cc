#include "freshauth/redis/client.h"

#include <gtest/gtest.h>

#include "support/redis_server.h"

namespace freshauth::redis {
namespace {

using testing::RedisServer;

TEST(RedisClient, RunsCommandsWithBinaryValues) {
  RedisServer server;
  FRESHAUTH_START_REDIS(server);
  auto client = Client::connect(server.endpoint());
  ASSERT_TRUE(client) << client.error().message;
  const std::string value{"a\0b\r\nc", 6};
  ASSERT_TRUE((*client)->command({"SET", "k", value}));
  auto got = (*client)->command({"GET", "k"});
  ASSERT_TRUE(got);
  EXPECT_EQ(got->kind, Reply::Kind::text);
  EXPECT_EQ(got->text, value);
  auto missing = (*client)->command({"GET", "nothing"});
  ASSERT_TRUE(missing);
  EXPECT_TRUE(missing->is_nil());
  auto counted = (*client)->command({"INCR", "n"});
  ASSERT_TRUE(counted);
  EXPECT_EQ(counted->integer, 1);
}

TEST(RedisClient, AnErrorReplyNamesTheCommandNotItsArguments) {
  RedisServer server;
  FRESHAUTH_START_REDIS(server);
  auto client = Client::connect(server.endpoint());
  ASSERT_TRUE(client);
  ASSERT_TRUE((*client)->command({"SET", "k", "v"}));
  auto wrong = (*client)->command({"HSET", "k", "field", "secret-value"});
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, Errc::storage);
  EXPECT_NE(wrong.error().message.find("HSET"), std::string::npos);
  EXPECT_EQ(wrong.error().message.find("secret-value"), std::string::npos);
}

TEST(RedisClient, ReachesAServerOverTcpAndSelectsTheDatabase) {
  RedisServer server{false, "tcp-password", /*tcp=*/true};
  FRESHAUTH_START_REDIS(server);
  auto url = Endpoint::parse("redis://127.0.0.1:" + std::to_string(server.port()) + "/3");
  ASSERT_TRUE(url);
  url->password = "tcp-password";
  auto client = Client::connect(*url);
  ASSERT_TRUE(client) << client.error().message;
  ASSERT_TRUE((*client)->command({"SET", "k", "in-3"}));
  auto other = Client::connect(server.endpoint());  // database 0
  ASSERT_TRUE(other);
  auto missing = (*other)->command({"GET", "k"});
  ASSERT_TRUE(missing);
  EXPECT_TRUE(missing->is_nil()) << "the key went to database 3";
  ASSERT_TRUE((*other)->command({"SELECT", "3"}));
  EXPECT_EQ((*other)->command({"GET", "k"})->text, "in-3");
}

TEST(RedisClient, EvaluatesScriptsAndReloadsThemAfterTheServerForgot) {
  RedisServer server;
  FRESHAUTH_START_REDIS(server);
  auto client = Client::connect(server.endpoint());
  ASSERT_TRUE(client);
  const std::string script = "return redis.call('INCRBY', KEYS[1], ARGV[1])";
  auto first = (*client)->eval(script, {"counter"}, {"5"});
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->integer, 5);
  ASSERT_TRUE((*client)->command({"SCRIPT", "FLUSH"}));
  auto second = (*client)->eval(script, {"counter"}, {"2"});
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(second->integer, 7);
}

TEST(RedisClient, AuthenticatesAndNeverShowsThePassword) {
  RedisServer server{false, "correct-password"};
  FRESHAUTH_START_REDIS(server);
  auto good = Client::connect(server.endpoint());
  ASSERT_TRUE(good) << good.error().message;
  EXPECT_TRUE((*good)->command({"PING"}));

  Endpoint wrong = server.endpoint();
  wrong.password = "wrong-password";
  auto refused = Client::connect(wrong);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message.find("wrong-password"), std::string::npos);
  Endpoint none = server.endpoint();
  none.password.clear();
  auto anonymous = Client::connect(none);
  ASSERT_FALSE(anonymous) << "connect() checks with a PING";
  EXPECT_NE(anonymous.error().message.find("NOAUTH"), std::string::npos)
      << anonymous.error().message;
  auto lazy = Client::lazy(none);
  EXPECT_FALSE(lazy->command({"GET", "k"}));
}

TEST(RedisClient, FailsClearlyWhileDownAndReconnectsAfterARestart) {
  RedisServer server{true};
  FRESHAUTH_START_REDIS(server);
  auto client = Client::connect(server.endpoint());
  ASSERT_TRUE(client);
  ASSERT_TRUE((*client)->command({"SET", "kept", "yes"}));
  server.stop();
  auto down = (*client)->command({"GET", "kept"});
  ASSERT_FALSE(down);
  EXPECT_EQ(down.error().code, Errc::storage);
  EXPECT_NE(down.error().message.find("redis.sock"), std::string::npos);
  ASSERT_TRUE(server.start());
  auto back = (*client)->command({"GET", "kept"});
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->text, "yes");
}

TEST(RedisClient, AnIdleConnectionARestartClosedIsReplacedWithoutAFailedCommand) {
  RedisServer server{true};
  FRESHAUTH_START_REDIS(server);
  auto client = Client::connect(server.endpoint());
  ASSERT_TRUE(client);
  ASSERT_TRUE((*client)->command({"SET", "kept", "yes"}));
  server.stop();
  ASSERT_TRUE(server.start());
  auto first = (*client)->command({"GET", "kept"});
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->text, "yes");
}

TEST(RedisClient, ALazyClientStartsWhileTheServerIsDown) {
  RedisServer server;
  auto client = Client::lazy(server.endpoint());
  EXPECT_FALSE(client->command({"PING"}));
  FRESHAUTH_START_REDIS(server);
  EXPECT_TRUE(client->command({"PING"}));
}

}  // namespace
}  // namespace freshauth::redis
