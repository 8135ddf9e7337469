#include "idp/token_minter.h"

#include "freshauth/idp/secrets.h"

namespace freshauth::idp {

TokenMinter::TokenMinter(std::shared_ptr<KeyRing> keys, std::string issuer,
                         std::chrono::seconds expires_in_overstatement)
    : keys_(std::move(keys)),
      issuer_(std::move(issuer)),
      expires_in_overstatement_(expires_in_overstatement) {}

Result<IssuedTokens> TokenMinter::mint(const User& user, const AppClient& client,
                                       TimePoint auth_time, TimePoint now,
                                       const std::string& origin_jti,
                                       const std::string& nonce) const {
  const auto iat = to_epoch_seconds(now).count();
  const auto auth = to_epoch_seconds(auth_time).count();
  const auto key = keys_->signing_key();
  const nlohmann::json access = {{"sub", user.sub},
                                 {"iss", issuer_},
                                 {"client_id", client.client_id},
                                 {"origin_jti", origin_jti},
                                 {"token_use", "access"},
                                 {"scope", "aws.cognito.signin.user.admin"},
                                 {"auth_time", auth},
                                 {"exp", iat + client.lifetimes.access.count()},
                                 {"iat", iat},
                                 {"jti", random_uuid()},
                                 {"username", user.username}};
  nlohmann::json id = {{"sub", user.sub},
                       {"iss", issuer_},
                       {"aud", client.client_id},
                       {"token_use", "id"},
                       {"auth_time", auth},
                       {"exp", iat + client.lifetimes.id.count()},
                       {"iat", iat},
                       {"jti", random_uuid()},
                       {"cognito:username", user.username},
                       {"username", user.username}};
  if (!nonce.empty()) id["nonce"] = nonce;
  auto access_token = sign_jwt(*key, access);
  if (!access_token) return access_token.error();
  auto id_token = sign_jwt(*key, id);
  if (!id_token) return id_token.error();
  return IssuedTokens{std::move(*access_token), std::move(*id_token), std::nullopt,
                      client.lifetimes.access + expires_in_overstatement_};
}

}  // namespace freshauth::idp
