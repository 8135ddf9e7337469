#pragma once

#include <functional>
#include <memory>
#include <stop_token>

#include "freshauth/core/clock.h"
#include "freshauth/core/error.h"
#include "freshauth/flows/adoptable_grant.h"
#include "freshauth/providers/oauth2_authenticator.h"

namespace freshauth {

struct DeviceSignInOptions {
  /// Shows the user code and where to enter it (verification_uri, or _complete as a link/QR).
  std::function<void(const DeviceAuthorization&)> show_code;
  /// Waits between polls with clock->sleep_until, so tests own time; default: SystemClock.
  std::shared_ptr<const Clock> clock;
  /// Requesting a stop ends the wait with Errc::invalid_argument ("cancelled").
  std::stop_token stop = {};
};

/// The device authorization grant (RFC 8628): starts it, shows the code, polls at the server's
/// interval (slower after slow_down) until the user approves, denies, or the code expires.
Result<AdoptableGrant> sign_in_with_device(OAuth2Authenticator& authenticator,
                                           const DeviceSignInOptions& options);

}  // namespace freshauth
