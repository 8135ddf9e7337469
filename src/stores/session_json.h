#pragma once

#include <string>
#include <string_view>

#include "freshauth/core/error.h"
#include "freshauth/core/session.h"

// The on-disk form of a Session (schema version 1):
//   {"version":1, "generation":N, "partner_id":"...", "obtained_at_ms":T, "expires_at_ms":T,
//    "access_token":"...", "id_token":"...", "refresh_token":"..." (omitted when empty),
//    "device_key":"..."|null, "device_group_key":"..."|null}
// Times are integer milliseconds since the Unix epoch.
namespace freshauth::detail {

inline constexpr int kSessionSchemaVersion = 1;

std::string session_to_json(const Session& session);
// `origin` (a path) names the source in errors; messages never quote the contents.
Result<Session> session_from_json(std::string_view text, const std::string& origin);

}  // namespace freshauth::detail
