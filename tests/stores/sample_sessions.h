#pragma once

#include <chrono>
#include <string>

#include "freshauth/core/session.h"

namespace freshauth::testing {

inline Session sample_session(int n = 1) {
  Session session;
  session.access_token = "access-" + std::to_string(n) + std::string(200, 'a');
  session.id_token = "id-" + std::to_string(n);
  session.refresh_token = "refresh-secret-" + std::to_string(n);
  session.obtained_at = TimePoint{std::chrono::milliseconds{1'700'000'000'123 + n}};
  session.expires_at = session.obtained_at + std::chrono::hours{1};
  session.partner_id = "partner-" + std::to_string(n);
  session.device_key = "device-" + std::to_string(n);
  if (n % 2 == 0) session.device_group_key = "group-" + std::to_string(n);
  session.generation = static_cast<std::uint64_t>(n);
  if (n % 2 == 0) session.refresh_planned_at = session.obtained_at + std::chrono::minutes{27};
  return session;
}

inline bool same_session(const Session& a, const Session& b) {
  return a.access_token == b.access_token && a.id_token == b.id_token &&
         a.refresh_token == b.refresh_token && a.obtained_at == b.obtained_at &&
         a.expires_at == b.expires_at && a.partner_id == b.partner_id &&
         a.device_key == b.device_key && a.device_group_key == b.device_group_key &&
         a.generation == b.generation && a.refresh_planned_at == b.refresh_planned_at;
}

}  // namespace freshauth::testing
