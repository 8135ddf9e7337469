#include "support/token_corpus.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>

#include "freshauth/core/base64url.h"
#include "freshauth/verify/public_key.h"

namespace freshauth::testing {
namespace {

using nlohmann::json;

json merged(json base, const json& changes) {
  for (const auto& [name, value] : changes.items()) {
    if (value.is_null()) {
      base.erase(name);
    } else {
      base[name] = value;
    }
  }
  return base;
}

std::string public_pem(const SigningKey& key) {
  auto verifier = PublicKey::from_jwk(key.public_jwk()).value();
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PUBKEY(bio, verifier.evp());
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<std::size_t>(size));
  BIO_free(bio);
  return pem;
}

// The classic key-confusion forgery: HS256 keyed with the verifier's public key.
std::string hs256_with_public_pem(const SigningKey& key, const json& payload) {
  const std::string input =
      base64url_encode(json{{"alg", "HS256"}, {"kid", key.kid()}, {"typ", "JWT"}}.dump()) + "." +
      base64url_encode(payload.dump());
  const std::string secret = public_pem(key);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &size);
  return input + "." + base64url_encode(std::string(reinterpret_cast<char*>(mac), size));
}

std::string deeply_nested(int depth) { return std::string(depth, '[') + std::string(depth, ']'); }

}  // namespace

std::string sign_raw(const SigningKey& key, const std::string& header_json,
                     const std::string& payload_json) {
  const std::string input = base64url_encode(header_json) + "." + base64url_encode(payload_json);
  return input + "." + base64url_encode(key.sign(input).value());
}

TokenCorpus::TokenCorpus(TimePoint now)
    : now_(now),
      rsa1_(SigningKey::generate_rsa("rsa-1").value()),
      rsa2_(SigningKey::generate_rsa("rsa-2").value()),
      ec1_(SigningKey::generate_ec_p256("ec-1").value()) {}

json TokenCorpus::jwks() const {
  return {{"keys", json::array({rsa1_.public_jwk(), rsa2_.public_jwk(), ec1_.public_jwk()})}};
}

json TokenCorpus::access_claims(const json& changes) const {
  const auto now = to_epoch_seconds(now_).count();
  return merged({{"sub", "user-1"},
                 {"iss", kIssuer},
                 {"client_id", kClientId},
                 {"token_use", "access"},
                 {"scope", "aws.cognito.signin.user.admin orders/read"},
                 {"cognito:groups", json::array({"admins"})},
                 {"iat", now - 60},
                 {"exp", now + 3600},
                 {"jti", "j-1"}},
                changes);
}

json TokenCorpus::id_claims(const json& changes) const {
  json claims = access_claims(
      {{"client_id", nullptr}, {"scope", nullptr}, {"token_use", "id"}, {"aud", kClientId}});
  return merged(claims, changes);
}

VerifierConfig TokenCorpus::config(TokenUse use) {
  VerifierConfig config;
  config.issuer = kIssuer;
  config.token_use = use;
  config.client_ids = {kClientId};
  return config;
}

std::vector<CorpusCase> TokenCorpus::cases() const {
  using enum VerifyErrc;
  const auto now = to_epoch_seconds(now_).count();
  const auto access = config();
  const auto id = config(TokenUse::id);
  auto with_scope = access;
  with_scope.required_scopes = {"orders/write"};
  auto with_group = access;
  with_group.accepted_groups = {"admins"};
  const std::string valid = sign_jwt(rsa1_, access_claims()).value();
  const std::string other = sign_jwt(rsa1_, access_claims({{"jti", "j-2"}})).value();
  const std::string header = json{{"alg", "RS256"}, {"kid", "rsa-1"}, {"typ", "JWT"}}.dump();
  auto rs384_key = SigningKey::from_pem(rsa1_.private_pem(), "rsa-1", "RS384").value();

  std::vector<CorpusCase> cases = {
      {"valid_access", valid, access, std::nullopt},
      {"valid_access_second_key", sign_jwt(rsa2_, access_claims()).value(), access, std::nullopt},
      {"valid_id", sign_jwt(rsa1_, id_claims()).value(), id, std::nullopt},
      {"valid_with_group", valid, with_group, std::nullopt},
      {"valid_es256", sign_jwt(ec1_, access_claims()).value(), access, std::nullopt, false},
      {"alg_none",
       base64url_encode(R"({"alg":"none","kid":"rsa-1"})") + "." +
           base64url_encode(access_claims().dump()) + ".",
       access, unsupported_algorithm},
      {"hs256_with_public_pem", hs256_with_public_pem(rsa1_, access_claims()), access,
       unsupported_algorithm},
      {"kid_names_other_key", sign_raw(rsa2_, header, access_claims().dump()), access,
       bad_signature},
      {"payload_altered",
       valid.substr(0, valid.find('.')) + "." +
           base64url_encode(access_claims({{"sub", "admin"}}).dump()) +
           valid.substr(valid.rfind('.')),
       access, bad_signature},
      {"signature_of_another_token",
       valid.substr(0, valid.rfind('.')) + other.substr(other.rfind('.')), access, bad_signature},
      {"unknown_kid", sign_raw(rsa1_, R"({"alg":"RS256","kid":"rsa-9"})", access_claims().dump()),
       access, unknown_key},
      {"missing_kid", sign_raw(rsa1_, R"({"alg":"RS256"})", access_claims().dump()), access,
       malformed},
      {"alg_not_pinned_to_key", sign_jwt(rs384_key, access_claims()).value(), access,
       unsupported_algorithm},
      {"expired", sign_jwt(rsa1_, access_claims({{"exp", now - 120}})).value(), access, expired},
      {"nbf_in_future", sign_jwt(rsa1_, access_claims({{"nbf", now + 600}})).value(), access,
       not_yet_valid},
      {"wrong_iss", sign_jwt(rsa1_, access_claims({{"iss", "https://evil.example"}})).value(),
       access, wrong_issuer},
      {"wrong_client_id", sign_jwt(rsa1_, access_claims({{"client_id", "client-b"}})).value(),
       access, wrong_audience},
      {"wrong_aud", sign_jwt(rsa1_, id_claims({{"aud", "client-b"}})).value(), id, wrong_audience},
      {"id_token_as_access", sign_jwt(rsa1_, id_claims()).value(), access, wrong_token_use},
      {"access_token_as_id", valid, id, wrong_token_use},
      {"missing_scope", valid, with_scope, missing_scope},
      {"not_in_group",
       sign_jwt(rsa1_, access_claims({{"cognito:groups", json::array({"users"})}})).value(),
       with_group, missing_scope},
      {"bad_base64url", "eyJ*bGciOiJSUzI1NiJ9" + valid.substr(valid.find('.')), access, malformed},
      {"two_segments", valid.substr(0, valid.rfind('.')), access, malformed},
      {"non_json_payload", sign_raw(rsa1_, header, "this is not json"), access, malformed},
      {"deeply_nested_payload", sign_raw(rsa1_, header, deeply_nested(10000)), access, malformed},
  };
  CorpusCase oversize{
      "oversize",
      sign_jwt(rsa1_, access_claims({{"padding", std::string(17 * 1024, 'x')}})).value(), access,
      malformed};
  oversize.stricter_than_aws = true;
  cases.push_back(oversize);
  CorpusCase missing_exp{"missing_exp", sign_jwt(rsa1_, access_claims({{"exp", nullptr}})).value(),
                         access, malformed};
  missing_exp.stricter_than_aws = true;
  cases.push_back(missing_exp);
  CorpusCase crit{"unknown_crit",
                  sign_raw(rsa1_, R"({"alg":"RS256","kid":"rsa-1","crit":["exp"],"exp":1})",
                           access_claims().dump()),
                  access, malformed};
  crit.stricter_than_aws = true;
  cases.push_back(crit);
  std::string twice = access_claims().dump();
  twice.insert(1, R"("sub":"someone-else",)");
  CorpusCase duplicate{"duplicate_claim", sign_raw(rsa1_, header, twice), access, malformed};
  duplicate.stricter_than_aws = true;  // JSON.parse keeps the last one
  cases.push_back(duplicate);
  auto nested_claims = access_claims();
  nested_claims.erase("jti");
  std::string nested_text = nested_claims.dump();
  nested_text.insert(1, "\"deep\":" + deeply_nested(500) + ",");
  CorpusCase nested{"deeply_nested_claim", sign_raw(rsa1_, header, nested_text), access, malformed};
  nested.stricter_than_aws = true;
  cases.push_back(nested);
  return cases;
}

}  // namespace freshauth::testing
