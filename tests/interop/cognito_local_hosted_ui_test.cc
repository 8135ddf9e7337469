// Interop: the OAuth2 provider's refresh grant at cognito-local's hosted-UI token endpoint
// (POST /oauth2/token), which always says expires_in 3600 while its tokens live 6 s. The engine
// must believe the token's exp, not the overstatement, and keep the session alive through three
// expiries. The session comes from InitiateAuth (the JSON API), as an app mixing both would.
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "freshauth/core/session_engine.h"
#include "freshauth/core/token_claims.h"
#include "freshauth/curl/curl_transport.h"
#include "freshauth/providers/cognito_authenticator.h"
#include "freshauth/providers/oauth2_authenticator.h"
#include "interop/cognito_local_peer.h"
#include "support/peers.h"

namespace freshauth::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

const std::filesystem::path kSourceDir = FRESHAUTH_SOURCE_DIR;
constexpr seconds kTokenLifetime{6};

TEST(CognitoLocalHostedUiTest, RefreshGrantKeepsTheSessionAliveDespiteExpiresIn3600) {
  FRESHAUTH_REQUIRE_PEER(node_available(), "node");
  FRESHAUTH_REQUIRE_PEER(node_package_installed(kSourceDir, "cognito-local"),
                         "node_modules/cognito-local");
  CognitoLocalPeer peer(kSourceDir, kTokenLifetime);
  ASSERT_TRUE(peer.running()) << "cognito-local did not start (see stderr)";
  const std::string endpoint = peer.get("endpoint");  // ends with '/'

  CognitoAuthenticator json_api{{peer.get("clientId"), std::nullopt, "", endpoint, nullptr}};
  auto signed_in = json_api.sign_in({peer.get("username"), peer.get("password")});
  ASSERT_TRUE(signed_in.ok()) << signed_in.error().describe();
  const TokenGrant first = std::get<TokenGrant>(*signed_in);

  OAuth2Endpoints endpoints;
  endpoints.token_endpoint = endpoint + "oauth2/token";
  auto hosted_ui = std::make_shared<OAuth2Authenticator>(OAuth2AuthenticatorOptions{
      endpoints, OAuth2Client{peer.get("clientId"), std::nullopt, ClientAuthMethod::none, {}},
      std::make_shared<CurlTransport>()});
  auto clock = std::make_shared<SystemClock>();
  SessionEngineOptions options;
  options.clock = clock;
  SessionEngine engine(hosted_ui, options);
  ASSERT_TRUE(engine.adopt(first, clock->now(), {}).ok());

  std::set<std::int64_t> expiries;  // exp of every distinct token a call was given
  int failed = 0;
  int calls = 0;
  const auto deadline = std::chrono::steady_clock::now() + seconds{60};
  const auto expired_tokens = [&] {
    const auto now = to_epoch_seconds(clock->now()).count();
    return std::count_if(expiries.begin(), expiries.end(), [now](auto exp) { return exp <= now; });
  };
  while (expired_tokens() < 3 && std::chrono::steady_clock::now() < deadline) {
    ++calls;
    auto session = engine.try_ensure_fresh();
    const auto claims = session.ok() ? decode_claims(session->access_token())
                                     : Result<TokenClaims>{session.error()};
    if (!claims.ok() || !claims->exp || *claims->exp <= to_epoch_seconds(clock->now())) {
      ++failed;  // no token, or one that had already expired
    } else {
      expiries.insert(claims->exp->count());
    }
    std::this_thread::sleep_for(milliseconds{20});  // the pace of the calls, not an expiry wait
  }
  EXPECT_GE(expired_tokens(), 3) << "the deadline passed first";
  EXPECT_EQ(failed, 0) << "of " << calls << " calls";
  EXPECT_LE(engine.current()->lifetime(), kTokenLifetime) << "expires_in 3600 was believed";
}

}  // namespace
}  // namespace freshauth::testing
