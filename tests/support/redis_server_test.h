#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "freshauth/redis/client.h"
#include "support/redis_server.h"

namespace freshauth::testing {

// A test with a redis-server of its own (a Unix socket in a temporary folder) and a client
// connected to it. SetUp() fails or skips as peers.h says when redis-server is missing; a
// derived SetUp() calls it first and returns when HasFatalFailure() or IsSkipped().
class RedisServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FRESHAUTH_START_REDIS(server_);
    auto client = redis::Client::connect(server_.endpoint());
    ASSERT_TRUE(client) << client.error().message;
    client_ = *client;
  }

  // A command sent straight to the server, behind the back of the code under test.
  redis::Reply raw(const std::vector<std::string>& argv) {
    auto reply = client_->command(argv);
    EXPECT_TRUE(reply) << reply.error().message;
    return reply ? *reply : redis::Reply{};
  }

  RedisServer server_;
  std::shared_ptr<redis::Client> client_;
};

}  // namespace freshauth::testing
