#include "freshauth/verify/introspection_client.h"

#include <gtest/gtest.h>

#include "verify/fake_introspection_endpoint.h"

namespace freshauth {
namespace {

using testing::FakeIntrospectionEndpoint;

constexpr const char* kEndpoint = "https://idp.example/oauth2/introspect";

class IntrospectionClientTest : public ::testing::Test {
 protected:
  IntrospectionClient client(ClientAuthMethod method = ClientAuthMethod::client_secret_basic) {
    return IntrospectionClient{endpoint_, {kEndpoint, "rs client", "s3cret&=", method}};
  }
  std::shared_ptr<FakeIntrospectionEndpoint> endpoint_ =
      std::make_shared<FakeIntrospectionEndpoint>();
};

TEST_F(IntrospectionClientTest, BasicAuthSendsTheCredentialsInTheHeaderOnly) {
  auto answer = client().introspect("tok.en", "access_token");
  ASSERT_TRUE(answer.ok()) << answer.error().describe();
  const HttpRequest sent = endpoint_->last_request();
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.url, kEndpoint);
  EXPECT_EQ(sent.headers.find("Content-Type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(sent.body, "token=tok.en&token_type_hint=access_token");
  // base64("rs%20client:s3cret%26%3D")
  EXPECT_EQ(sent.headers.find("Authorization"), "Basic cnMlMjBjbGllbnQ6czNjcmV0JTI2JTNE");
}

TEST_F(IntrospectionClientTest, PostAuthSendsTheCredentialsInTheBody) {
  ASSERT_TRUE(client(ClientAuthMethod::client_secret_post).introspect("a b", "").ok());
  const HttpRequest sent = endpoint_->last_request();
  EXPECT_FALSE(sent.headers.contains("Authorization"));
  EXPECT_EQ(sent.body, "token=a%20b&client_id=rs%20client&client_secret=s3cret%26%3D");
}

TEST_F(IntrospectionClientTest, ActiveAndInactiveAreAnswers) {
  auto active = client().introspect("t1");
  ASSERT_TRUE(active.ok());
  EXPECT_TRUE(active->active);
  EXPECT_EQ(active->claims["scope"], "read");
  endpoint_->revoke("t1");
  auto inactive = client().introspect("t1");
  ASSERT_TRUE(inactive.ok());
  EXPECT_FALSE(inactive->active);
}

TEST_F(IntrospectionClientTest, NoAnswerIsTransientAndNeverQuotesSecrets) {
  endpoint_->down = true;
  auto down = client().introspect("secret-token");
  ASSERT_FALSE(down.ok());
  EXPECT_EQ(down.error().code, Errc::transient);
  EXPECT_FALSE(down.error().http_status.has_value());
  for (const int status : {500, 503, 429}) {
    endpoint_->down = false;
    endpoint_->status = status;
    auto failed = client().introspect("secret-token");
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().code, Errc::transient) << status;
    EXPECT_EQ(failed.error().http_status, status);
    EXPECT_EQ(failed.error().message.find("secret-token"), std::string::npos);
    EXPECT_EQ(failed.error().message.find("s3cret"), std::string::npos);
  }
}

TEST_F(IntrospectionClientTest, RefusedClientIsAConfigurationError) {
  for (const int status : {400, 401, 403}) {
    endpoint_->status = status;
    auto refused = client().introspect("t");
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, Errc::invalid_argument) << status;
    EXPECT_EQ(refused.error().http_status, status);
  }
}

// Answers a fixed body with 200.
class FixedAnswer final : public HttpTransport {
 public:
  explicit FixedAnswer(std::string body) : body_(std::move(body)) {}
  HttpResult send(const HttpRequest&) override { return HttpResponse{200, {}, body_}; }

 private:
  std::string body_;
};

TEST(IntrospectionClientAnswers, A200WithoutABooleanActiveIsNotAnAnswer) {
  for (const std::string body :
       {"", "not json", "[]", "{}", R"({"active":"true"})", R"({"active":1})"}) {
    IntrospectionClient client{std::make_shared<FixedAnswer>(body), {kEndpoint, "c", "s"}};
    auto answer = client.introspect("t");
    ASSERT_FALSE(answer.ok()) << body;
    EXPECT_EQ(answer.error().code, Errc::transient) << body;
  }
}

}  // namespace
}  // namespace freshauth
