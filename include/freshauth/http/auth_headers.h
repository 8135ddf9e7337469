#pragma once

#include <cstdint>
#include <string>

#include "freshauth/core/session_snapshot.h"
#include "freshauth/http/http_headers.h"

namespace freshauth {

inline constexpr std::string_view kAuthorizationHeader = "Authorization";
inline constexpr std::string_view kPartnerIdHeader = "X-Preferred-Partner-Id";

/// The per-session headers of one request, taken from one snapshot so the token and the partner id
/// always belong together. Build it from ensure_fresh() and set all of it on the request; keep
/// `generation` to report a 401 with.
struct AuthHeaders {
  std::string authorization;  ///< "Bearer <access token>"
  std::string partner_id;
  std::uint64_t generation = 0;

  static AuthHeaders from(const SessionSnapshot& session);

  /// Sets both fields on `headers`, replacing any the caller put there.
  void apply_to(HttpHeaders& headers) const&;
  /// The same, moving the strings over instead of copying them (an access token is long).
  void apply_to(HttpHeaders& headers) &&;
  HttpHeaders as_headers() const;
};

}  // namespace freshauth
