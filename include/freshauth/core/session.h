#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "freshauth/core/clock.h"

namespace freshauth {

/// One signed-in state. Never modified after creation: a refresh makes a new Session with the next
/// generation, so a snapshot taken by a caller stays consistent (token and partner id together).
struct Session {
  std::string access_token;
  std::string id_token;
  std::string refresh_token;
  TimePoint obtained_at;  ///< local time the request that produced the tokens was sent
  TimePoint expires_at;   ///< local time the access token stops working
  std::string partner_id;
  std::optional<std::string> device_key;
  std::optional<std::string> device_group_key;
  std::uint64_t generation = 0;
  /// When the session table that obtained the tokens refreshes them ahead (epoch: not planned).
  /// Kept with the session, so that the other replicas of a fleet follow that plan instead of
  /// each making its own, and refreshing at the earliest of them.
  TimePoint refresh_planned_at{};

  Duration lifetime() const { return expires_at - obtained_at; }
};

}  // namespace freshauth
