#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "fleet/rotating_idp.h"
#include "freshauth/core/session_table.h"
#include "freshauth/stores/redis_session_table_store.h"
#include "support/redis_server.h"
#include "support/wait_until.h"

namespace freshauth::testing {

// Replicas of a gateway as a test builds them: SessionTables in this process, each with its own
// Redis client (as separate processes would have), one redis-server, one provider, one clock.
class FleetTest : public ::testing::Test {
 protected:
  static constexpr std::chrono::seconds kLifetime = std::chrono::hours{1};

  void start_redis(bool persistent = false) {
    server_ = std::make_unique<RedisServer>(persistent);
    FRESHAUTH_START_REDIS(*server_);
  }

  std::shared_ptr<RedisSessionTableStore> store() {
    return RedisSessionTableStore::open(redis::Client::lazy(server_->endpoint()), key_,
                                        {.prefix = "fleet:"});
  }

  SessionTable& add_replica(bool refresh_ahead = true,
                            std::chrono::milliseconds lease_ttl = std::chrono::seconds{15}) {
    SessionTableOptions options;
    options.clock = clock_;
    options.store = store();
    options.refresh_ahead = refresh_ahead;
    options.lease_ttl = lease_ttl;
    options.lease_wait = std::chrono::seconds{30};
    replicas_.push_back(std::make_unique<SessionTable>(idp_, options));
    return *replicas_.back();
  }

  void sign_in(SessionTable& replica, const std::string& key) {
    auto signed_in = replica.adopt(key, idp_->sign_in_grant(), clock_->now(), {});
    ASSERT_TRUE(signed_in) << signed_in.error().describe();
  }

  [[nodiscard]] bool all_idle() {
    return wait_until([&] {
      for (const auto& replica : replicas_) {
        if (replica->refreshes_in_flight() != 0) return false;
      }
      return true;
    });
  }

  // Real wall-clock time at the start: Redis expires records in real time.
  std::shared_ptr<ManualClock> clock_ = std::make_shared<ManualClock>(
      std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now()));
  std::shared_ptr<RotatingIdp> idp_ = std::make_shared<RotatingIdp>(*clock_, kLifetime);
  EncryptionKey key_ = EncryptionKey::generate();
  std::unique_ptr<RedisServer> server_;
  // Destroyed before the server and the provider they use.
  std::vector<std::unique_ptr<SessionTable>> replicas_;

  void TearDown() override { replicas_.clear(); }
};

}  // namespace freshauth::testing
