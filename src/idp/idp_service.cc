#include "idp/idp_service.h"

#include "freshauth/idp/secrets.h"
#include "freshauth/idp/totp.h"
#include "idp/key_ring_key_source.h"
#include "idp/pkce.h"

namespace freshauth::idp {
namespace {

Error no_client() {
  return {Errc::invalid_argument, "no such app client (see `freshauth idp client add`)", {}};
}

}  // namespace

IdpService::IdpService(IdpStorage storage, std::shared_ptr<const Clock> clock, std::string issuer,
                       IdpServiceOptions options)
    : storage_(std::move(storage)),
      clock_(std::move(clock)),
      minter_(storage_.keys, std::move(issuer), options.expires_in_overstatement),
      challenges_(clock_, options.mfa),
      wrong_passwords_(clock_, options.wrong_passwords),
      access_tokens_(std::make_shared<KeyRingKeySource>(storage_.keys, clock_), storage_.clients,
                     clock_, minter_.issuer()),
      codes_(clock_) {}

Result<SignInAnswer> IdpService::sign_in(const std::string& username, const std::string& password,
                                         const std::string& client_id) {
  const auto client =
      client_id.empty() ? storage_.clients->partner_client() : storage_.clients->find(client_id);
  if (!client) return no_client();
  auto user = check_password(username, password);
  if (!user) return user.error();
  const auto now = clock_->now();
  if (user->totp_secret) {
    return SignInAnswer{MfaRequired{challenges_.open({user->username, client->client_id, now})}};
  }
  auto tokens = issue_with_refresh_token(*user, *client, now);
  if (!tokens) return tokens.error();
  return SignInAnswer{std::move(*tokens)};
}

Result<IssuedTokens> IdpService::answer_mfa(const std::string& username, const std::string& session,
                                            const std::string& code) {
  auto pending = challenges_.find(username, session);
  if (!pending) return pending.error();
  const auto user = storage_.users->find(username);
  const auto client = storage_.clients->find(pending->client_id);
  if (!user || !user->totp_secret || !client) {
    challenges_.close(session);
    return Error{Errc::invalid_credentials, "Invalid session for the user.", {}};
  }
  const auto step = verify_totp(*user->totp_secret, code, clock_->now());
  if (!step || !challenges_.claim_step(username, *step)) {
    challenges_.wrong_code(username, session);
    return Error{Errc::invalid_credentials, "Invalid code received for user", {}};
  }
  if (!challenges_.close(session)) {
    return Error{Errc::invalid_credentials, "Invalid session for the user.", {}};
  }
  return issue_with_refresh_token(*user, *client, pending->auth_time);
}

Result<IssuedTokens> IdpService::refresh(const std::string& refresh_token,
                                         const std::optional<std::string>& device_key,
                                         const std::string& client_id) {
  const auto now = clock_->now();
  auto grant = storage_.refresh_tokens->redeem_grant(refresh_token, now);
  if (!grant) return grant.error();
  const RefreshTokenRecord& record = grant->record;
  if (!client_id.empty() && client_id != record.client_id) {
    return Error{Errc::session_expired, "Invalid Refresh Token", {}};
  }
  if (record.device_key && device_key != record.device_key) {
    return Error{Errc::session_expired, "Invalid device key for the refresh token", {}};
  }
  pick_up_key_rotation(now);
  return minter_.mint(grant->user, grant->client, record.auth_time, now, record.origin_jti);
}

void IdpService::logout(const std::string& refresh_token) {
  storage_.refresh_tokens->revoke(refresh_token);
}

Result<std::string> IdpService::authorize(const AuthorizationGrant& request,
                                          const std::string& password,
                                          const std::string& totp_code) {
  auto user = check_password(request.username, password);
  if (!user) return user.error();
  if (user->totp_secret) {
    if (totp_code.empty()) return Error{Errc::mfa_required, "enter the code of your app", {}};
    if (auto allowed = challenges_.check_user(user->username); !allowed) return allowed.error();
    const auto step = verify_totp(*user->totp_secret, totp_code, clock_->now());
    if (!step || !challenges_.claim_step(user->username, *step)) {
      challenges_.wrong_code(user->username, {});
      return Error{Errc::invalid_credentials, "Invalid code received for user", {}};
    }
  }
  AuthorizationGrant grant = request;
  grant.username = user->username;
  grant.auth_time = clock_->now();
  return codes_.issue(std::move(grant));
}

Result<IssuedTokens> IdpService::redeem_code(const std::string& client_id, const std::string& code,
                                             const std::string& code_verifier,
                                             const std::string& redirect_uri) {
  const Error invalid{Errc::invalid_credentials, "the authorization code is not valid", {}};
  const auto grant = codes_.redeem(code);
  if (!grant || grant->client_id != client_id || grant->redirect_uri != redirect_uri) {
    return invalid;
  }
  if (!pkce_s256_matches(code_verifier, grant->code_challenge)) {
    return Error{Errc::invalid_credentials, "the code_verifier does not match", {}};
  }
  const auto user = storage_.users->find(grant->username);
  const auto client = storage_.clients->find(grant->client_id);
  if (!user || !client) return invalid;
  return issue_with_refresh_token(*user, *client, grant->auth_time, grant->nonce);
}

void IdpService::revoke(const std::string& refresh_token, const std::string& client_id) {
  const auto record = storage_.refresh_tokens->redeem(refresh_token, clock_->now());
  if (record && record->client_id == client_id) storage_.refresh_tokens->revoke(refresh_token);
}

int IdpService::global_sign_out(const std::string& username) {
  return storage_.refresh_tokens->revoke_user(username);
}

VerifyResult IdpService::verify_access_token(std::string_view token) {
  return access_tokens_.verify(token);
}

Result<User> IdpService::user_of_access_token(std::string_view token) {
  auto verified = access_tokens_.verify(token);
  if (!verified) return Error{Errc::invalid_credentials, verified.error().describe(), {}};
  const nlohmann::json& claims = *verified->claims;
  if (!storage_.refresh_tokens->session_live(claims.value("origin_jti", ""))) {
    return Error{Errc::session_expired, "Access Token has been revoked", {}};
  }
  auto user = storage_.users->find(claims.value("username", ""));
  if (!user) return Error{Errc::invalid_argument, "User does not exist.", {}};
  return std::move(*user);
}

Result<IssuedTokens> IdpService::issue_with_refresh_token(const User& user, const AppClient& client,
                                                          TimePoint auth_time,
                                                          const std::string& nonce) {
  const auto now = clock_->now();
  pick_up_key_rotation(now);
  const std::string origin_jti = random_uuid();
  auto tokens = minter_.mint(user, client, auth_time, now, origin_jti, nonce);
  if (!tokens) return tokens.error();
  auto refresh = storage_.refresh_tokens->issue(
      {user.username, client.client_id, auth_time, now + client.lifetimes.refresh, std::nullopt,
       std::nullopt, false, origin_jti},
      now);
  if (!refresh) return refresh.error();
  tokens->refresh_token = std::move(*refresh);
  return tokens;
}

Result<User> IdpService::check_password(const std::string& username, const std::string& password) {
  // Checked before the password hash is computed: a throttled guesser costs no Argon2 time.
  if (auto allowed = wrong_passwords_.check(username); !allowed) return allowed.error();
  auto user = storage_.users->authenticate(username, password);
  if (!user) {
    if (user.error().code == Errc::invalid_credentials) wrong_passwords_.failed(username);
    return user.error();
  }
  wrong_passwords_.succeeded(username);
  return user;
}

nlohmann::json IdpService::jwks() const {
  const auto now = clock_->now();
  pick_up_key_rotation(now);
  return storage_.keys->jwks(now);
}

void IdpService::pick_up_key_rotation(TimePoint now) const {
  // A database that cannot be read right now leaves the loaded keys in use; they are still valid.
  (void)storage_.keys->pick_up_changes(now);
}

nlohmann::json IdpService::openid_configuration() const {
  const std::string& iss = minter_.issuer();
  return {
      {"issuer", iss},
      {"jwks_uri", iss + "/.well-known/jwks.json"},
      {"authorization_endpoint", iss + "/oauth2/authorize"},
      {"token_endpoint", iss + "/oauth2/token"},
      {"revocation_endpoint", iss + "/oauth2/revoke"},
      {"introspection_endpoint", iss + "/oauth2/introspect"},
      {"userinfo_endpoint", iss + "/oauth2/userInfo"},
      {"response_types_supported", {"code"}},
      {"grant_types_supported", {"authorization_code", "refresh_token"}},
      {"code_challenge_methods_supported", {"S256"}},
      {"subject_types_supported", {"public"}},
      {"id_token_signing_alg_values_supported", {"RS256"}},
      {"token_endpoint_auth_methods_supported", {"client_secret_basic", "client_secret_post"}},
      {"revocation_endpoint_auth_methods_supported", {"client_secret_basic", "client_secret_post"}},
      {"introspection_endpoint_auth_methods_supported",
       {"client_secret_basic", "client_secret_post"}},
      {"scopes_supported", {"openid", "email", "phone", "profile"}}};
}

}  // namespace freshauth::idp
