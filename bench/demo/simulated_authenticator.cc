#include "demo/simulated_authenticator.h"

#include <nlohmann/json.hpp>
#include <thread>

#include "freshauth/core/base64url.h"

namespace freshauth::cli {

SimulatedAuthenticator::SimulatedAuthenticator(const Clock& clock, Options options)
    : clock_(clock), options_(options), random_(options.seed) {}

Result<SignInOutcome> SimulatedAuthenticator::sign_in(const Credentials& /*credentials*/) {
  TokenGrant grant = mint();
  grant.refresh_token = "simulated-refresh-token";
  return SignInOutcome{grant};
}

Result<SignInOutcome> SimulatedAuthenticator::respond_to_mfa(const MfaChallenge& /*challenge*/,
                                                             const std::string& /*code*/) {
  return Error{Errc::invalid_argument, "the simulation has no MFA", {}};
}

Result<TokenGrant> SimulatedAuthenticator::refresh(const RefreshRequest& /*request*/) {
  ++refresh_calls_;
  std::this_thread::sleep_for(options_.latency);  // a network round trip, in real time
  if (roll_failure()) {
    ++transient_failures_;
    return Error{Errc::transient, "simulated 503 from the auth server", {}};
  }
  return mint();
}

Result<void> SimulatedAuthenticator::revoke(const std::string& /*refresh_token*/) { return {}; }

bool SimulatedAuthenticator::roll_failure() {
  const std::lock_guard lock(random_mutex_);
  return std::uniform_real_distribution<double>{0, 1}(random_) < options_.transient_failure_rate;
}

TokenGrant SimulatedAuthenticator::mint() {
  const auto iat = to_epoch_seconds(clock_.now()).count();
  const nlohmann::json payload{{"iat", iat},
                               {"exp", iat + options_.token_lifetime.count()},
                               {"jti", std::to_string(++minted_)},
                               {"token_use", "access"}};
  TokenGrant grant;
  grant.access_token =
      base64url_encode(R"({"alg":"none"})") + "." + base64url_encode(payload.dump()) + ".simulated";
  grant.id_token = grant.access_token;
  grant.expires_in = options_.token_lifetime;
  return grant;
}

}  // namespace freshauth::cli
