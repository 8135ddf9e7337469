#include "freshauth/flows/device_sign_in.h"

#include <algorithm>

namespace freshauth {
namespace {

// RFC 8628 §3.5: after a connection failure, poll less often.
constexpr std::chrono::seconds kLongestInterval{60};

Error expired(std::chrono::seconds lifetime) {
  return {Errc::session_expired,
          "device sign-in: the user code was not approved within " +
              std::to_string(lifetime.count()) + " s; start the device sign-in again",
          {}};
}

}  // namespace

Result<AdoptableGrant> sign_in_with_device(OAuth2Authenticator& authenticator,
                                           const DeviceSignInOptions& options) {
  const std::shared_ptr<const Clock> clock =
      options.clock ? options.clock : std::make_shared<SystemClock>();
  auto started = authenticator.start_device_authorization();
  if (!started) return started.error();
  DeviceAuthorization& authorization = *started;
  const TimePoint expires_at = clock->now() + authorization.expires_in;
  if (options.show_code) options.show_code(authorization);

  for (;;) {
    const TimePoint next_poll = clock->now() + authorization.interval;
    if (next_poll > expires_at) return expired(authorization.expires_in);
    if (!clock->sleep_until(next_poll, options.stop)) {
      return Error{Errc::invalid_argument, "device sign-in: cancelled", {}};
    }
    const TimePoint requested_at = clock->now();
    auto polled = authenticator.poll_device_token(authorization);
    if (polled && *polled) return AdoptableGrant{std::move(**polled), requested_at};
    if (!polled) {
      if (polled.error().code != Errc::transient) return polled.error();
      authorization.interval = std::min(authorization.interval * 2, kLongestInterval);
    }
  }
}

}  // namespace freshauth
