#pragma once

#include <string>

#include "freshauth/core/error.h"

// What SessionEngine and SessionTable tell callers, and which provider errors end a session.
namespace freshauth::detail {

// A rejected refresh token (revoked, expired, unknown) or credentials: the session is over.
inline bool is_fatal(const Error& error) {
  return error.code == Errc::session_expired || error.code == Errc::invalid_credentials;
}

inline Error not_signed_in() { return {Errc::not_signed_in, "not signed in: sign in first", {}}; }

inline Error session_expired(std::string why) {
  return {Errc::session_expired, std::move(why) + "; sign in again", {}};
}

}  // namespace freshauth::detail
