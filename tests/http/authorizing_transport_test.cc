// The auth step as a transport decorator: one snapshot per request, both headers from it, a 401
// reported by the generation that was sent, nothing sent without a session. Built under
// ThreadSanitizer as well.
#include "freshauth/http/authorizing_transport.h"

#include <gtest/gtest.h>

#include <map>
#include <thread>

#include "support/fake_authenticator.h"
#include "support/fake_transport.h"

namespace freshauth {
namespace {

using testing::FakeAuthenticator;
using testing::FakeTransport;

constexpr const char* kUrl = "https://api.example.com/api/items";

std::string header(const HttpRequest& request, std::string_view name) {
  return std::string{request.headers.find(name).value_or("")};
}

class AuthorizingTransportTest : public ::testing::Test {
 protected:
  AuthorizingTransportTest() {
    SessionEngineOptions options;
    options.clock = clock;
    options.executor = inline_executor();
    engine = std::make_unique<SessionEngine>(std::make_shared<FakeAuthenticator>(*clock), options);
    authorizing = std::make_unique<AuthorizingTransport>(inner, *engine);
  }

  // Signs in for `partner`; returns the generation of the new session.
  std::uint64_t sign_in(const std::string& partner) {
    EXPECT_TRUE(engine->sign_in({"alice", "correct horse"}, {partner, {}, {}}).ok());
    const auto session = engine->current();
    const std::lock_guard lock(partners_mutex);
    partner_of_token["Bearer " + session->access_token] = partner;
    return session->generation;
  }

  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>();
  std::shared_ptr<FakeTransport> inner = std::make_shared<FakeTransport>([](const HttpRequest&) {
    return HttpResult{HttpResponse{200, {}, "{}"}};
  });
  std::unique_ptr<SessionEngine> engine;
  std::unique_ptr<AuthorizingTransport> authorizing;
  std::mutex partners_mutex;
  std::map<std::string, std::string> partner_of_token;
};

TEST_F(AuthorizingTransportTest, SetsBothHeadersFromTheCurrentSession) {
  sign_in("partner-7");
  const HttpResult sent =
      authorizing->send({"GET", kUrl, {{"Accept", "application/json"}}, {}, {}});
  ASSERT_TRUE(sent.has_value()) << sent.error().describe();
  const HttpRequest request = inner->requests().at(0);
  EXPECT_EQ(header(request, "Authorization"), "Bearer " + engine->current()->access_token);
  EXPECT_EQ(header(request, "X-Preferred-Partner-Id"), "partner-7");
  EXPECT_EQ(header(request, "Accept"), "application/json");
}

TEST_F(AuthorizingTransportTest, TheCallersAuthHeadersAreReplaced) {
  sign_in("partner-7");
  ASSERT_TRUE(authorizing
                  ->send({"GET",
                          kUrl,
                          {{"authorization", "Bearer forged"}, {"x-preferred-partner-id", "other"}},
                          {},
                          {}})
                  .has_value());
  const HttpRequest request = inner->requests().at(0);
  EXPECT_EQ(header(request, "Authorization"), "Bearer " + engine->current()->access_token);
  EXPECT_EQ(header(request, "X-Preferred-Partner-Id"), "partner-7");
  EXPECT_EQ(request.headers.size(), 2U);

  sign_in("");  // a session without a partner: the caller's partner header goes too
  ASSERT_TRUE(
      authorizing->send({"GET", kUrl, {{"X-Preferred-Partner-Id", "other"}}, {}, {}}).has_value());
  EXPECT_FALSE(inner->requests().at(1).headers.contains("X-Preferred-Partner-Id"));
}

TEST_F(AuthorizingTransportTest, HandsBackTheSnapshotThatWasSent) {
  const std::uint64_t generation = sign_in("partner-7");
  auto exchange = authorizing->send_authorized({"GET", kUrl, {}, {}, {}});
  ASSERT_TRUE(exchange.has_value()) << exchange.error().describe();
  EXPECT_EQ(exchange->session.generation(), generation);
  EXPECT_EQ(header(inner->requests().at(0), "Authorization"),
            "Bearer " + exchange->session.access_token());
  EXPECT_FALSE(exchange->rejected());
}

TEST_F(AuthorizingTransportTest, WithoutASessionNothingIsSentAndTheErrorSaysWhy) {
  const HttpResult sent =
      authorizing->send({"GET", kUrl + std::string{"?code=secret"}, {}, {}, {}});
  ASSERT_FALSE(sent.has_value());
  EXPECT_EQ(sent.error().code, TransportErrc::no_session);
  ASSERT_TRUE(sent.error().session_error.has_value());
  EXPECT_EQ(sent.error().session_error->code, Errc::not_signed_in);
  EXPECT_NE(sent.error().describe().find("no_session"), std::string::npos);
  EXPECT_EQ(sent.error().describe().find("secret"), std::string::npos) << sent.error().describe();

  auto exchange = authorizing->send_authorized({"GET", kUrl, {}, {}, {}});
  ASSERT_FALSE(exchange.has_value());
  EXPECT_EQ(exchange.error().code, Errc::not_signed_in);
  EXPECT_EQ(inner->calls(), 0);
}

TEST_F(AuthorizingTransportTest, A401EndsTheSessionIsPassedOnAndIsNotRetried) {
  sign_in("partner-7");
  inner->reply(401, R"({"error":"NotAuthorized"})");
  const HttpResult sent = authorizing->send({"GET", kUrl, {}, {}, {}});
  ASSERT_TRUE(sent.has_value());
  EXPECT_EQ(sent->status, 401);
  EXPECT_EQ(inner->calls(), 1);
  EXPECT_EQ(engine->current(), nullptr);

  const HttpResult after = authorizing->send({"GET", kUrl, {}, {}, {}});
  ASSERT_FALSE(after.has_value());
  EXPECT_EQ(after.error().session_error->code, Errc::session_expired);
  EXPECT_EQ(inner->calls(), 1);
}

TEST_F(AuthorizingTransportTest, A401ReportsTheGenerationThatWasSentNotTheCurrentOne) {
  const std::uint64_t first = sign_in("partner-7");
  inner->hold("/api/items");
  inner->reply(401, "{}");
  std::optional<Result<AuthorizedExchange>> held;
  std::thread caller([&] {
    held.emplace(authorizing->send_authorized({"GET", kUrl, {}, {}, {}}));
  });
  ASSERT_TRUE(inner->wait_until_held(1));
  const std::uint64_t second = sign_in("partner-8");  // while the old token is on its way
  ASSERT_NE(first, second);
  inner->release();
  caller.join();

  ASSERT_TRUE(held->has_value());
  EXPECT_TRUE((*held)->rejected());
  EXPECT_EQ((*held)->session.generation(), first);
  ASSERT_NE(engine->current(), nullptr) << "a 401 for an older session must not end the new one";
  EXPECT_EQ(engine->current()->generation, second);

  inner->reply(401, "{}");
  ASSERT_TRUE(authorizing->send({"GET", kUrl, {}, {}, {}}).has_value());
  EXPECT_EQ(engine->current(), nullptr);  // the current generation rejected: the session ends
}

TEST_F(AuthorizingTransportTest, HeldRequestsKeepTheHeadersOfTheSnapshotTheyTook) {
  sign_in("p-0");
  inner->hold("/api/items");
  std::vector<std::jthread> callers;
  for (int i = 0; i < 4; ++i) {
    callers.emplace_back([&] { (void)authorizing->send({"GET", kUrl, {}, {}, {}}); });
  }
  ASSERT_TRUE(inner->wait_until_held(4));
  sign_in("p-1");  // the session changes under requests whose headers are already set
  inner->release();
  callers.clear();
  ASSERT_TRUE(authorizing->send({"GET", kUrl, {}, {}, {}}).has_value());

  const auto requests = inner->requests();
  ASSERT_EQ(requests.size(), 5U);
  for (std::size_t i = 0; i < 4; ++i)
    EXPECT_EQ(header(requests[i], "X-Preferred-Partner-Id"), "p-0");
  EXPECT_EQ(header(requests[4], "X-Preferred-Partner-Id"), "p-1");
  for (const auto& request : requests) {
    EXPECT_EQ(partner_of_token.at(header(request, "Authorization")),
              header(request, "X-Preferred-Partner-Id"));
  }
}

TEST_F(AuthorizingTransportTest, TokenAndPartnerMatchWhileSessionsChangeConcurrently) {
  sign_in("p-0");
  std::atomic<bool> done{false};
  std::vector<std::jthread> callers;
  for (int t = 0; t < 4; ++t) {
    callers.emplace_back([&] {
      while (!done.load()) (void)authorizing->send({"GET", kUrl, {}, {}, {}});
    });
  }
  // Each switch waits for calls made after it: the callers run across every one of them.
  for (int i = 1; i <= 20; ++i) {
    sign_in("p-" + std::to_string(i));
    ASSERT_TRUE(inner->wait_for_calls({}, inner->calls() + 4));
  }
  done = true;
  callers.clear();
  const std::lock_guard lock(partners_mutex);
  for (const auto& request : inner->requests()) {
    ASSERT_EQ(partner_of_token.at(header(request, "Authorization")),
              header(request, "X-Preferred-Partner-Id"));
  }
}

}  // namespace
}  // namespace freshauth
