#pragma once

#include "freshauth/core/authenticator.h"
#include "freshauth/core/clock.h"

namespace freshauth {

/// Tokens from an interactive sign-in, with the moment they were asked for: exactly what
/// SessionEngine::adopt(grant, requested_at, context) takes.
struct AdoptableGrant {
  TokenGrant grant;
  TimePoint requested_at;
};

}  // namespace freshauth
