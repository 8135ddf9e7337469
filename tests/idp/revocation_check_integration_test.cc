#include "freshauth/verify/jwks_provider.h"
#include "freshauth/verify/jwt_verifier.h"
#include "freshauth/verify/revocation_checking_verifier.h"
#include "idp/idp_service.h"
#include "support/idp_fixture.h"

namespace freshauth::testing {
namespace {

using namespace std::chrono_literals;

// A backend that checks signatures with the idp's JWKS and revocation with its introspection
// endpoint, as a confidential client of its own.
class RevocationCheckIntegrationTest : public IdpFixture {
 protected:
  void SetUp() override {
    IdpFixture::SetUp();
    auto backend =
        server_->service().storage().clients->add({"backend", true, {}, {}}, false, clock_->now());
    ASSERT_TRUE(backend.ok());
    CurlTransportOptions options;
    options.timeout = 10s;
    const auto transport = std::make_shared<CurlTransport>(options);
    auto keys =
        JwksProvider::from_uri(server_->base_url() + "/.well-known/jwks.json", transport, *clock_);
    ASSERT_TRUE(keys.ok()) << keys.error().describe();
    VerifierConfig config;
    config.issuer = server_->issuer();
    config.client_ids = {client_id_};
    auto introspection = std::make_shared<IntrospectionClient>(
        transport, IntrospectionClientOptions{server_->base_url() + "/oauth2/introspect",
                                              backend->client_id, *backend->secret});
    RevocationCheckOptions check;
    check.cache_ttl = 5s;
    check.clock = clock_;
    verifier_ = std::make_unique<RevocationCheckingVerifier>(
        std::make_shared<JwtVerifier>(config, *keys, *clock_), introspection, check);
  }

  std::unique_ptr<RevocationCheckingVerifier> verifier_;
};

TEST_F(RevocationCheckIntegrationTest, ARevokedSessionStopsWorkingWithinTheTtl) {
  const TokenGrant grant = sign_in_alice();
  const auto accepted = verifier_->verify(grant.access_token);
  ASSERT_TRUE(accepted.ok()) << accepted.error().describe();
  EXPECT_EQ((*accepted->claims)["username"], "alice");

  ASSERT_TRUE(authenticator_->revoke(*grant.refresh_token).ok());
  EXPECT_TRUE(verifier_->verify(grant.access_token).ok()) << "the answer is cached for the ttl";
  clock_->advance(5s);
  const auto refused = verifier_->verify(grant.access_token);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().reason, VerifyErrc::revoked);
}

TEST_F(RevocationCheckIntegrationTest, AnIdpThatIsDownMeansRevocationUnknown) {
  const TokenGrant grant = sign_in_alice();
  ASSERT_TRUE(verifier_->verify(grant.access_token).ok());
  server_->stop();
  clock_->advance(5s);
  EXPECT_EQ(verifier_->verify(grant.access_token).error().reason, VerifyErrc::revocation_unknown);
}

}  // namespace
}  // namespace freshauth::testing
