// Interop: tokens minted by cognito-local (npm), verified with the JWKS it serves, over HTTP,
// exactly as a backend in front of it would.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "core/base64url.h"
#include "freshauth/http/curl_transport.h"
#include "freshauth/verify/jwks_provider.h"
#include "freshauth/verify/jwt_verifier.h"
#include "support/peers.h"

namespace freshauth {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

const fs::path kSourceDir = FRESHAUTH_SOURCE_DIR;
const fs::path kCognitoLocal = kSourceDir / "node_modules/cognito-local";

// cognito-local in a child node process: its first stdout line describes what it minted; it
// stops when its stdin closes.
class CognitoLocal {
 public:
  CognitoLocal() {
    int to_child[2];
    int from_child[2];
    if (::pipe(to_child) != 0 || ::pipe(from_child) != 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(to_child[0], STDIN_FILENO);
      ::dup2(from_child[1], STDOUT_FILENO);
      ::close(to_child[1]);
      ::close(from_child[0]);
      const std::string script = (kSourceDir / "tests/verify/cognito_local_minter.mjs").string();
      ::execlp("node", "node", script.c_str(), kCognitoLocal.c_str(), nullptr);
      ::_exit(127);
    }
    ::close(to_child[0]);
    ::close(from_child[1]);
    stdin_ = to_child[1];
    FILE* out = ::fdopen(from_child[0], "r");
    std::string line;
    for (int c; (c = std::fgetc(out)) != EOF && c != '\n';) line.push_back(static_cast<char>(c));
    std::fclose(out);
    if (!line.empty()) minted_ = json::parse(line, nullptr, false);
  }
  ~CognitoLocal() {
    if (stdin_ >= 0) ::close(stdin_);
    if (pid_ > 0) {
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
  }
  CognitoLocal(const CognitoLocal&) = delete;
  CognitoLocal& operator=(const CognitoLocal&) = delete;

  // Null when cognito-local failed to start or to mint (its stderr says why).
  const json& minted() const { return minted_; }

 private:
  pid_t pid_ = -1;
  int stdin_ = -1;
  json minted_;
};

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
    server_.emplace();
    const json& minted = server_->minted();
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
  std::optional<CognitoLocal> server_;
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
