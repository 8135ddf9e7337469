#include "idp/access_token_verifier.h"

#include <algorithm>
#include <cctype>

namespace freshauth::idp {

AccessTokenVerifier::AccessTokenVerifier(std::shared_ptr<KeySource> keys,
                                         std::shared_ptr<ClientRegistry> clients,
                                         std::shared_ptr<const Clock> clock, std::string issuer)
    : keys_(std::move(keys)),
      clients_(std::move(clients)),
      clock_(std::move(clock)),
      issuer_(std::move(issuer)) {}

VerifyResult AccessTokenVerifier::verify(std::string_view token) {
  auto verifier = current();
  if (!verifier) verifier = rebuild();
  if (!verifier) return VerifyFailure{VerifyErrc::wrong_audience, "no app client is registered"};
  auto result = verifier->verify(token);
  // The token may name a client registered after the list was read: read it again, once.
  if (!result && result.error().reason == VerifyErrc::wrong_audience) {
    auto fresh = rebuild();
    if (fresh && fresh != verifier) return fresh->verify(token);
  }
  return result;
}

std::shared_ptr<JwtVerifier> AccessTokenVerifier::current() {
  std::lock_guard lock{mutex_};
  return verifier_;
}

std::shared_ptr<JwtVerifier> AccessTokenVerifier::rebuild() {
  std::vector<std::string> ids;
  for (const auto& client : clients_->list()) ids.push_back(client.client_id);
  std::sort(ids.begin(), ids.end());
  std::lock_guard lock{mutex_};
  if (ids.empty()) return nullptr;
  if (verifier_ && ids == client_ids_) return verifier_;
  VerifierConfig config;
  config.issuer = issuer_;
  config.token_use = TokenUse::access;
  config.client_ids = ids;
  verifier_ = std::make_shared<JwtVerifier>(std::move(config), keys_, *clock_);
  client_ids_ = std::move(ids);
  return verifier_;
}

std::optional<std::string_view> bearer_token(std::string_view authorization) {
  constexpr std::string_view kScheme = "bearer ";
  if (authorization.size() <= kScheme.size()) return std::nullopt;
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(authorization[i])) != kScheme[i]) {
      return std::nullopt;
    }
  }
  std::string_view token = authorization.substr(kScheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  if (token.empty()) return std::nullopt;
  return token;
}

}  // namespace freshauth::idp
