// Interop: tokens minted by cognito-local (npm), verified with the JWKS it serves, over HTTP,
// exactly as a backend in front of it would.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "freshauth/core/base64url.h"
#include "freshauth/curl/curl_transport.h"
#include "freshauth/verify/jwks_provider.h"
#include "freshauth/verify/jwt_verifier.h"
#include "support/node_peer.h"
#include "support/peers.h"

namespace freshauth {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

const fs::path kSourceDir = FRESHAUTH_SOURCE_DIR;
const fs::path kCognitoLocal = kSourceDir / "node_modules/cognito-local";

std::string tampered(const std::string& token) {
  const auto first_dot = token.find('.');
  const auto second_dot = token.find('.', first_dot + 1);
  auto payload = json::parse(
      base64url_decode(token.substr(first_dot + 1, second_dot - first_dot - 1)).value());
  payload["username"] = "someone-else";
  return token.substr(0, first_dot + 1) + base64url_encode(payload.dump()) +
         token.substr(second_dot);
}

class CognitoLocalInteropTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FRESHAUTH_REQUIRE_PEER(testing::node_available(), "node");
    FRESHAUTH_REQUIRE_PEER(testing::node_package_installed(kSourceDir, "cognito-local"),
                           "node_modules/cognito-local");
    // cognito-local in a child node process: its one stdout line describes what it minted.
    server_.emplace(std::vector<std::string>{
        (kSourceDir / "tests/verify/cognito_local_minter.mjs").string(), kCognitoLocal.string()});
    const json& minted = server_->announcement();
    ASSERT_TRUE(minted.is_object()) << "cognito-local did not start or mint tokens";
    issuer_ = minted["issuer"];
    client_id_ = minted["clientId"];
    access_token_ = minted["accessToken"];
    id_token_ = minted["idToken"];
    const std::string jwks_uri = minted["endpoint"].get<std::string>() + "/" +
                                 minted["userPoolId"].get<std::string>() + "/.well-known/jwks.json";
    keys_ = JwksProvider::from_uri(jwks_uri, std::make_shared<CurlTransport>(), clock_).value();
  }

  VerifyResult verify(const std::string& token, TokenUse use, std::string client_id) {
    VerifierConfig config{.issuer = issuer_, .token_use = use, .client_ids = {client_id}};
    return JwtVerifier(config, keys_, clock_).verify(token);
  }

  SystemClock clock_;
  std::optional<testing::NodePeer> server_;
  std::shared_ptr<JwksProvider> keys_;
  std::string issuer_, client_id_, access_token_, id_token_;
};

TEST_F(CognitoLocalInteropTest, AccessTokenVerifiesAgainstItsJwks) {
  const auto result = verify(access_token_, TokenUse::access, client_id_);
  ASSERT_TRUE(result.ok()) << to_string(result.error().reason) << ": " << result.error().message;
  EXPECT_EQ((*result->claims)["client_id"], client_id_);
  EXPECT_EQ((*result->claims)["token_use"], "access");
  EXPECT_EQ(keys_->fetches(), 1);
}

TEST_F(CognitoLocalInteropTest, IdTokenVerifiesWithItsAudience) {
  const auto result = verify(id_token_, TokenUse::id, client_id_);
  ASSERT_TRUE(result.ok()) << to_string(result.error().reason) << ": " << result.error().message;
  EXPECT_EQ((*result->claims)["aud"], client_id_);
}

TEST_F(CognitoLocalInteropTest, RefusesWhatTheConfigurationDoesNotAllow) {
  EXPECT_EQ(verify(access_token_, TokenUse::id, client_id_).error().reason,
            VerifyErrc::wrong_token_use);
  EXPECT_EQ(verify(access_token_, TokenUse::access, "another-client").error().reason,
            VerifyErrc::wrong_audience);
  EXPECT_EQ(verify(tampered(access_token_), TokenUse::access, client_id_).error().reason,
            VerifyErrc::bad_signature);
}

}  // namespace
}  // namespace freshauth
