#include "freshauth/credentials/profile_fields.h"

#include <array>
#include <cctype>

namespace freshauth {
namespace {

constexpr std::array kFields{
    ProfileField{"provider", &ProfileSettings::provider,
                 "What the auth server speaks: partner (default: the partner /auth API), cognito "
                 "(Cognito's JSON API), oauth2 (any OAuth2 / OpenID Connect server)"},
    ProfileField{"endpoint", &ProfileSettings::endpoint,
                 "partner: the API base URL, e.g. http://127.0.0.1:8080; cognito: a custom "
                 "endpoint instead of the region's"},
    ProfileField{"partner_id", &ProfileSettings::partner_id,
                 "partner: partner id, sent as X-Preferred-Partner-Id"},
    ProfileField{"username", &ProfileSettings::username, "User name to sign in as"},
    ProfileField{"api_base", &ProfileSettings::api_base,
                 "Base URL for relative paths of `freshauth curl` (default: the endpoint)"},
    ProfileField{"secret_store", &ProfileSettings::secret_store,
                 "Where the refresh token is kept: file (default, unencrypted), sodium, command"},
    ProfileField{"secret_command", &ProfileSettings::secret_command,
                 "Credential helper for secret_store = command (split on spaces, no shell)"},
    ProfileField{"secret_key_file", &ProfileSettings::secret_key_file,
                 "Key file for secret_store = sodium (default: $FRESHAUTH_SECRET_KEY)"},
    ProfileField{"client_id", &ProfileSettings::client_id, "cognito, oauth2: the app client id"},
    ProfileField{"client_secret", &ProfileSettings::client_secret,
                 "cognito, oauth2: the app client's secret, if it has one", true},
    ProfileField{"client_auth", &ProfileSettings::client_auth,
                 "oauth2: none, client_secret_basic (default with a secret) or client_secret_post"},
    ProfileField{"region", &ProfileSettings::region,
                 "cognito: the user pool's region, e.g. eu-west-1"},
    ProfileField{"issuer", &ProfileSettings::issuer,
                 "oauth2: the issuer URL; endpoints come from its discovery document"},
    ProfileField{"scopes", &ProfileSettings::scopes,
                 "oauth2: space-separated scopes (default: openid, plus offline_access where "
                 "offered)"},
    ProfileField{"authorization_endpoint", &ProfileSettings::authorization_endpoint,
                 "oauth2: where the browser signs in, for servers without discovery"},
    ProfileField{"token_endpoint", &ProfileSettings::token_endpoint,
                 "oauth2: the token endpoint, for servers without discovery"},
    ProfileField{"revocation_endpoint", &ProfileSettings::revocation_endpoint,
                 "oauth2: the RFC 7009 revocation endpoint, for servers without discovery"},
    ProfileField{"device_authorization_endpoint", &ProfileSettings::device_authorization_endpoint,
                 "oauth2: the RFC 8628 device endpoint, for servers without discovery"},
};

}  // namespace

std::span<const ProfileField> profile_fields() { return kFields; }

const ProfileField* find_profile_field(std::string_view key) {
  for (const auto& field : kFields) {
    if (field.key == key) return &field;
  }
  return nullptr;
}

std::string variable_for(const ProfileField& field) {
  std::string name = "FRESHAUTH_";
  for (const char c : field.key)
    name += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

std::string flag_for(const ProfileField& field) {
  std::string flag = "--";
  for (const char c : field.key) flag += c == '_' ? '-' : c;
  return flag;
}

ProfileSettings settings_from_environment(const Environment& env) {
  ProfileSettings settings;
  for (const auto& field : kFields) settings.*field.member = env(variable_for(field));
  return settings;
}

ProfileSettings layered(const ProfileSettings& over, const ProfileSettings& under) {
  ProfileSettings merged = under;
  for (const auto& field : kFields) {
    if (over.*field.member) merged.*field.member = over.*field.member;
  }
  return merged;
}

}  // namespace freshauth
