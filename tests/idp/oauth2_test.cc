#include <openssl/sha.h>

#include "freshauth/core/base64url.h"
#include "freshauth/core/token_claims.h"
#include "freshauth/idp/totp.h"
#include "freshauth/server/form_body.h"
#include "idp/idp_service.h"
#include "idp/oauth2_forms.h"
#include "support/idp_fixture.h"

namespace freshauth::testing {
namespace {

using namespace std::chrono_literals;

constexpr const char* kRedirect = "http://localhost:8080/callback";
constexpr const char* kVerifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-verifier";

std::string s256(const std::string& verifier) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(verifier.data()), verifier.size(), digest);
  return base64url_encode(std::string_view{reinterpret_cast<const char*>(digest), sizeof digest});
}

class OAuth2Test : public IdpFixture {
 protected:
  void SetUp() override {
    IdpFixture::SetUp();
    auto client = server_->service().storage().clients->add({"web", false, {kRedirect}, {}}, false,
                                                            clock_->now());
    ASSERT_TRUE(client.ok());
    web_client_ = client->client_id;
  }

  server::FormFields authorize_params() const {
    return {{"response_type", "code"},           {"client_id", web_client_},
            {"redirect_uri", kRedirect},         {"state", "af0ifjsldkj"},
            {"code_challenge", s256(kVerifier)}, {"code_challenge_method", "S256"}};
  }

  HttpResult post_form(const std::string& path, const server::FormFields& fields) {
    return http_->post(path, form(fields), "application/x-www-form-urlencoded");
  }

  // The query of the 302's Location, decoded.
  static server::FormFields redirected(const HttpResult& response) {
    EXPECT_TRUE(response);
    if (!response) return {};
    EXPECT_EQ(response->status, 302) << response->body;
    const std::string location = header_of(*response, "Location");
    EXPECT_TRUE(location.starts_with(std::string{kRedirect} + "?")) << location;
    return server::parse_form_fields(location.substr(location.find('?') + 1))
        .value_or(server::FormFields{});
  }

  std::string sign_in(const std::string& user, const std::string& password,
                      const std::string& code = {}) {
    auto fields = authorize_params();
    fields["username"] = user;
    fields["password"] = password;
    if (!code.empty()) fields["code"] = code;
    const auto query = redirected(post_form("/oauth2/authorize", fields));
    EXPECT_EQ(server::form_field(query, "state"), "af0ifjsldkj");
    return server::form_field(query, "code");
  }

  HttpResult exchange(const std::string& code, const std::string& verifier = kVerifier,
                      const std::string& redirect_uri = kRedirect) {
    return post_form("/oauth2/token", {{"grant_type", "authorization_code"},
                                       {"client_id", web_client_},
                                       {"code", code},
                                       {"code_verifier", verifier},
                                       {"redirect_uri", redirect_uri}});
  }

  static void expect_oauth2_error(const HttpResult& response, int status,
                                  const std::string& error) {
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, status) << response->body;
    const auto body = nlohmann::json::parse(response->body, nullptr, false);
    ASSERT_TRUE(body.is_object()) << response->body;
    EXPECT_EQ(body["error"], error) << response->body;
  }

  std::string web_client_;
};

TEST_F(OAuth2Test, AuthorizeShowsAFormCarryingTheRequest) {
  auto params = authorize_params();
  params["state"] = "a&b\"<c";
  auto response = http_->get("/oauth2/authorize?" + form(params));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200) << response->body;
  EXPECT_TRUE(header_of(*response, "Content-Type").starts_with("text/html"));
  EXPECT_NE(response->body.find("<form method=\"post\""), std::string::npos);
  EXPECT_NE(response->body.find("value=\"a&amp;b&quot;&lt;c\""), std::string::npos)
      << "state is escaped";
  EXPECT_EQ(response->body.find("name=\"code\""), std::string::npos);
}

TEST_F(OAuth2Test, CodeFlowThenRefreshThenRevoke) {
  const std::string code = sign_in("alice", kAlicePassword);
  ASSERT_FALSE(code.empty());
  auto response = exchange(code);
  ASSERT_TRUE(response);
  ASSERT_EQ(response->status, 200) << response->body;
  EXPECT_EQ(header_of(*response, "Cache-Control"), "no-store");
  const auto tokens = nlohmann::json::parse(response->body);
  EXPECT_EQ(tokens["token_type"], "Bearer");
  EXPECT_EQ(tokens["expires_in"], 3600);
  ASSERT_TRUE(tokens.contains("id_token") && tokens.contains("refresh_token"));
  const std::string access_token = tokens["access_token"];

  auto info = http_->get("/oauth2/userInfo", {{"Authorization", "Bearer " + access_token}});
  ASSERT_TRUE(info);
  ASSERT_EQ(info->status, 200) << info->body;
  EXPECT_EQ(nlohmann::json::parse(info->body)["username"], "alice");
  EXPECT_EQ(http_
                ->get("/api/user", {{"Authorization", "Bearer " + access_token},
                                    {"X-Preferred-Partner-Id", "p"}})
                ->status,
            200);

  const server::FormFields refresh = {{"grant_type", "refresh_token"},
                                      {"client_id", web_client_},
                                      {"refresh_token", tokens["refresh_token"]}};
  auto refreshed = post_form("/oauth2/token", refresh);
  ASSERT_TRUE(refreshed);
  ASSERT_EQ(refreshed->status, 200) << refreshed->body;
  const auto renewed = nlohmann::json::parse(refreshed->body);
  EXPECT_TRUE(renewed.contains("access_token") && renewed.contains("id_token"));
  EXPECT_FALSE(renewed.contains("refresh_token"));

  // Another client cannot use or revoke this client's refresh token.
  expect_oauth2_error(post_form("/oauth2/token", {{"grant_type", "refresh_token"},
                                                  {"client_id", client_id_},
                                                  {"refresh_token", tokens["refresh_token"]}}),
                      400, "invalid_grant");
  auto foreign =
      post_form("/oauth2/revoke", {{"token", tokens["refresh_token"]}, {"client_id", client_id_}});
  ASSERT_TRUE(foreign);
  EXPECT_EQ(foreign->status, 200);
  EXPECT_EQ(post_form("/oauth2/token", refresh)->status, 200);

  auto revoked =
      post_form("/oauth2/revoke", {{"token", tokens["refresh_token"]}, {"client_id", web_client_}});
  ASSERT_TRUE(revoked);
  EXPECT_EQ(revoked->status, 200);
  expect_oauth2_error(post_form("/oauth2/token", refresh), 400, "invalid_grant");
  auto unknown = post_form("/oauth2/revoke", {{"token", "nonsense"}, {"client_id", web_client_}});
  EXPECT_EQ(unknown->status, 200) << "revocation does not reveal whether a token existed";
}

TEST_F(OAuth2Test, TheNonceOfTheRequestIsInTheIdTokenOnly) {
  auto fields = authorize_params();
  fields["nonce"] = "n-0S6_WzA2Mj";
  fields["username"] = "alice";
  fields["password"] = kAlicePassword;
  const std::string code =
      server::form_field(redirected(post_form("/oauth2/authorize", fields)), "code");
  auto response = exchange(code);
  ASSERT_TRUE(response && response->status == 200);
  const auto tokens = nlohmann::json::parse(response->body);
  EXPECT_EQ(decode_claims(tokens["id_token"].get<std::string>())->payload["nonce"], "n-0S6_WzA2Mj");
  EXPECT_FALSE(decode_claims(tokens["access_token"].get<std::string>())->payload.contains("nonce"));
  auto without = exchange(sign_in("alice", kAlicePassword));
  EXPECT_FALSE(decode_claims(nlohmann::json::parse(without->body)["id_token"].get<std::string>())
                   ->payload.contains("nonce"));
}

TEST_F(OAuth2Test, ReplayedCodeIsInvalidGrant) {
  const std::string code = sign_in("alice", kAlicePassword);
  ASSERT_EQ(exchange(code)->status, 200);
  expect_oauth2_error(exchange(code), 400, "invalid_grant");
}

TEST_F(OAuth2Test, WrongVerifierIsInvalidGrantAndBurnsTheCode) {
  const std::string code = sign_in("alice", kAlicePassword);
  expect_oauth2_error(exchange(code, std::string(43, 'a')), 400, "invalid_grant");
  expect_oauth2_error(exchange(code), 400, "invalid_grant");
}

TEST_F(OAuth2Test, CodeIsBoundToRedirectUriAndClientAndExpires) {
  expect_oauth2_error(exchange(sign_in("alice", kAlicePassword), kVerifier, "http://evil/cb"), 400,
                      "invalid_grant");
  const std::string code = sign_in("alice", kAlicePassword);
  expect_oauth2_error(post_form("/oauth2/token", {{"grant_type", "authorization_code"},
                                                  {"client_id", client_id_},
                                                  {"code", code},
                                                  {"code_verifier", kVerifier},
                                                  {"redirect_uri", kRedirect}}),
                      400, "invalid_grant");
  const std::string late = sign_in("alice", kAlicePassword);
  clock_->advance(301s);
  expect_oauth2_error(exchange(late), 400, "invalid_grant");
}

TEST_F(OAuth2Test, UnregisteredRedirectUriIsRefusedWithoutRedirecting) {
  auto params = authorize_params();
  params["redirect_uri"] = "http://evil.example/cb";
  auto response = http_->get("/oauth2/authorize?" + form(params));
  expect_oauth2_error(response, 400, "invalid_request");
  EXPECT_FALSE(response->headers.contains("Location"));
  params["username"] = "alice";
  params["password"] = kAlicePassword;
  expect_oauth2_error(post_form("/oauth2/authorize", params), 400, "invalid_request");
  params = authorize_params();
  params["client_id"] = "nope";
  expect_oauth2_error(http_->get("/oauth2/authorize?" + form(params)), 400, "invalid_client");
}

TEST_F(OAuth2Test, PkceS256IsRequired) {
  auto params = authorize_params();
  params["code_challenge_method"] = "plain";
  auto error = redirected(http_->get("/oauth2/authorize?" + form(params)));
  EXPECT_EQ(server::form_field(error, "error"), "invalid_request");
  EXPECT_EQ(server::form_field(error, "state"), "af0ifjsldkj");
  params = authorize_params();
  params.erase("code_challenge");
  EXPECT_EQ(
      server::form_field(redirected(http_->get("/oauth2/authorize?" + form(params))), "error"),
      "invalid_request");
  params = authorize_params();
  params["response_type"] = "token";
  EXPECT_EQ(
      server::form_field(redirected(http_->get("/oauth2/authorize?" + form(params))), "error"),
      "unsupported_response_type");
}

TEST_F(OAuth2Test, WrongPasswordShowsTheFormAgain) {
  auto fields = authorize_params();
  fields["username"] = "alice";
  fields["password"] = "wrong password";
  auto response = post_form("/oauth2/authorize", fields);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 401);
  EXPECT_FALSE(response->headers.contains("Location"));
  EXPECT_EQ(response->body.find("wrong password"), std::string::npos) << "no password echoed";
}

TEST_F(OAuth2Test, TotpUsersAreAskedForACode) {
  auto fields = authorize_params();
  fields["username"] = "bob";
  fields["password"] = kBobPassword;
  auto asked = post_form("/oauth2/authorize", fields);
  ASSERT_TRUE(asked);
  EXPECT_EQ(asked->status, 200);
  EXPECT_NE(asked->body.find("name=\"code\""), std::string::npos);
  EXPECT_EQ(asked->body.find(kBobPassword), std::string::npos);
  fields["code"] = "000000";
  EXPECT_EQ(post_form("/oauth2/authorize", fields)->status, 401);
  const std::string code =
      sign_in("bob", kBobPassword, *idp::totp_code(bob_secret_, clock_->now()));
  EXPECT_EQ(exchange(code)->status, 200);
}

TEST_F(OAuth2Test, WrongCodesOnTheLoginFormCountAgainstTheUser) {
  auto fields = authorize_params();
  fields["username"] = "bob";
  fields["password"] = kBobPassword;
  const std::string right = *idp::totp_code(bob_secret_, clock_->now());
  fields["code"] = right == "000000" ? "111111" : "000000";
  for (int i = 0; i < 5; ++i) EXPECT_EQ(post_form("/oauth2/authorize", fields)->status, 401) << i;
  fields["code"] = right;
  auto throttled = post_form("/oauth2/authorize", fields);
  ASSERT_TRUE(throttled);
  EXPECT_EQ(throttled->status, 429);
  EXPECT_TRUE(throttled->headers.contains("Retry-After"));
  EXPECT_FALSE(throttled->headers.contains("Location"));
}

TEST_F(OAuth2Test, TokenEndpointErrors) {
  expect_oauth2_error(post_form("/oauth2/token", {{"client_id", web_client_}}), 400,
                      "invalid_request");
  expect_oauth2_error(post_form("/oauth2/token", {{"grant_type", "password"}}), 400,
                      "unsupported_grant_type");
  expect_oauth2_error(
      post_form("/oauth2/token", {{"grant_type", "refresh_token"}, {"client_id", "nope"}}), 401,
      "invalid_client");
  expect_oauth2_error(post_form("/oauth2/token",
                                {{"grant_type", "authorization_code"}, {"client_id", web_client_}}),
                      400, "invalid_request");
  expect_oauth2_error(exchange("made-up-code"), 400, "invalid_grant");
  expect_oauth2_error(
      http_->post("/oauth2/token", R"({"grant_type":"refresh_token"})", "application/json"), 400,
      "invalid_request");
  expect_oauth2_error(post_form("/oauth2/revoke", {{"client_id", web_client_}}), 400,
                      "invalid_request");
  auto info = http_->get("/oauth2/userInfo");
  ASSERT_TRUE(info);
  EXPECT_EQ(info->status, 401);
  EXPECT_TRUE(info->headers.contains("WWW-Authenticate"));
}

TEST_F(OAuth2Test, ConfidentialClientsAuthenticateWithBasicOrPostButNotBoth) {
  auto added = server_->service().storage().clients->add({"backend", true, {kRedirect}, {}}, false,
                                                         clock_->now());
  ASSERT_TRUE(added.ok());
  const std::string id = added->client_id;
  const std::string secret = added->secret.value();
  auto fields = authorize_params();
  fields["client_id"] = id;
  fields["username"] = "alice";
  fields["password"] = kAlicePassword;
  const std::string code =
      server::form_field(redirected(post_form("/oauth2/authorize", fields)), "code");
  const server::FormFields redeem = {{"grant_type", "authorization_code"},
                                     {"code", code},
                                     {"code_verifier", kVerifier},
                                     {"redirect_uri", kRedirect}};
  const auto post_with_basic = [&](const std::string& header, const server::FormFields& body) {
    return http_->post("/oauth2/token", form(body), "application/x-www-form-urlencoded",
                       {{"Authorization", header}});
  };
  // Failed client authentication comes first and leaves the code usable.
  expect_oauth2_error(post_form("/oauth2/token", redeem), 400, "invalid_request");
  expect_oauth2_error(post_with_basic(basic_authorization(id, "wrong"), redeem), 401,
                      "invalid_client");
  expect_oauth2_error(post_with_basic("Basic !!not-base64!!", redeem), 400, "invalid_request");
  auto both = redeem;
  both["client_secret"] = secret;
  expect_oauth2_error(post_with_basic(basic_authorization(id, secret), both), 400,
                      "invalid_request");
  auto other_id = redeem;
  other_id["client_id"] = web_client_;
  expect_oauth2_error(post_with_basic(basic_authorization(id, secret), other_id), 400,
                      "invalid_request");

  auto issued = post_with_basic(basic_authorization(id, secret), redeem);  // client_secret_basic
  ASSERT_TRUE(issued);
  ASSERT_EQ(issued->status, 200) << issued->body;
  server::FormFields refresh = {
      {"grant_type", "refresh_token"},
      {"client_id", id},
      {"client_secret", secret},
      {"refresh_token", nlohmann::json::parse(issued->body)["refresh_token"]}};
  EXPECT_EQ(post_form("/oauth2/token", refresh)->status, 200);  // client_secret_post
  refresh.erase("client_secret");
  expect_oauth2_error(post_form("/oauth2/token", refresh), 401, "invalid_client");
}

}  // namespace
}  // namespace freshauth::testing
