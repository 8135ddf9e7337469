#include "idp/authorization_codes.h"

#include "freshauth/idp/secrets.h"
#include "freshauth/security/random.h"
#include "freshauth/security/sha256.h"

namespace freshauth::idp {

AuthorizationCodes::AuthorizationCodes(std::shared_ptr<const Clock> clock,
                                       std::chrono::seconds lifetime)
    : clock_(std::move(clock)), lifetime_(lifetime) {}

std::string AuthorizationCodes::issue(AuthorizationGrant grant) {
  std::string code = random_token(32);
  const auto now = clock_->now();
  std::lock_guard lock{mutex_};
  forget_expired(now);
  codes_[sha256_hex(code)] = {std::move(grant), now + lifetime_};
  return code;
}

std::optional<AuthorizationGrant> AuthorizationCodes::redeem(const std::string& code) {
  const auto now = clock_->now();
  std::lock_guard lock{mutex_};
  forget_expired(now);
  const auto it = codes_.find(sha256_hex(code));
  if (it == codes_.end()) return std::nullopt;
  AuthorizationGrant grant = std::move(it->second.grant);
  codes_.erase(it);
  return grant;
}

void AuthorizationCodes::forget_expired(TimePoint now) {
  std::erase_if(codes_, [now](const auto& entry) { return entry.second.expires_at <= now; });
}

}  // namespace freshauth::idp
