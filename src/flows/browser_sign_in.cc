#include "freshauth/flows/browser_sign_in.h"

#include <openssl/rand.h>

#include <array>
#include <stdexcept>

#include "flows/loopback_listener.h"
#include "freshauth/core/base64url.h"
#include "freshauth/providers/oauth2_authorization_url.h"
#include "freshauth/providers/pkce.h"

namespace freshauth {
namespace {

std::string random_state() {
  std::array<unsigned char, 16> random{};
  if (RAND_bytes(random.data(), static_cast<int>(random.size())) != 1) {
    throw std::runtime_error("OpenSSL RAND_bytes failed: no state for the sign-in can be made");
  }
  return base64url_encode(
      std::string_view{reinterpret_cast<const char*>(random.data()), random.size()});
}

Error timed_out(std::chrono::seconds timeout) {
  return {Errc::not_signed_in,
          "browser sign-in: no redirect arrived within " + std::to_string(timeout.count()) +
              " s; sign in again (if the browser showed an error about the redirect URI, register "
              "http://127.0.0.1/callback for the client, any port)",
          {}};
}

}  // namespace

Result<AdoptableGrant> sign_in_with_browser(OAuth2Authenticator& authenticator,
                                            const BrowserSignInOptions& options) {
  if (authenticator.endpoints().authorization_endpoint.empty()) {
    return Error{Errc::invalid_argument,
                 "browser sign-in: the OAuth2 server " + authenticator.endpoints().issuer +
                     " has no authorization_endpoint; use the device flow",
                 {}};
  }
  if (!options.show_url) {
    return Error{Errc::invalid_argument, "browser sign-in: show_url is required", {}};
  }
  const std::shared_ptr<const Clock> clock =
      options.clock ? options.clock : std::make_shared<SystemClock>();
  const std::string state = random_state();
  auto listener =
      detail::LoopbackListener::start(options.redirect_host, options.redirect_port, state);
  if (!listener) return listener.error();
  const std::string& redirect_uri = (*listener)->redirect_uri();
  const PkcePair pkce = make_pkce_pair();

  const TimePoint deadline = clock->now() + options.timeout;
  options.show_url(authorization_url(authenticator.endpoints(), authenticator.client(),
                                     {redirect_uri, state, pkce.challenge}));
  clock->sleep_until(deadline, (*listener)->arrived());
  auto outcome = (*listener)->outcome();
  if (!outcome) return timed_out(options.timeout);
  if (!*outcome) return outcome->error();

  const TimePoint requested_at = clock->now();
  auto grant = authenticator.exchange_code(outcome->value(), pkce.verifier, redirect_uri);
  if (!grant) return grant.error();
  return AdoptableGrant{std::move(*grant), requested_at};
}

}  // namespace freshauth
