// One libcurl easy handle reused call after call: it sets only the options that changed, so
// these tests send calls that differ in every option in turn, against the embedded idp.
#include "curl/configured_easy.h"

#include <gtest/gtest.h>

#include <optional>
#include <thread>

#include "curl/curl_share.h"
#include "freshauth/server/http_server.h"
#include "support/partner_idp.h"

namespace freshauth::detail {
namespace {

using server::FaultGate;
using std::chrono::milliseconds;
using testing::PartnerIdp;

class ConfiguredEasyTest : public ::testing::Test {
 protected:
  HttpRequest api_get() { return {"GET", partner.base_url() + PartnerIdp::kApi, {}, {}, {}}; }

  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>();
  PartnerIdp partner{clock};
  CurlShare share;
  ConfiguredEasy easy{{.connect_timeout = milliseconds{1000}, .timeout = milliseconds{2000}},
                      share.get()};
};

// The handle keeps what the last call set: each call must still go out exactly as asked,
// whatever came before it.
TEST_F(ConfiguredEasyTest, EachCallOnAReusedHandleIsSentAsAsked) {
  partner.faults().script_always(PartnerIdp::kApi, {.status = 200, .body = "{}"});
  partner.faults().script(PartnerIdp::kMfa, {.status = 200, .body = "{}"});
  partner.faults().script(PartnerIdp::kRefresh, {.status = 200, .body = "{}"});
  const std::string base = partner.base_url();
  const std::vector<HttpRequest> calls = {
      {"PUT", base + PartnerIdp::kMfa, {{"Authorization", "Bearer one"}}, "put-body", {}},
      {"GET", base + PartnerIdp::kApi, {{"Authorization", "Bearer one"}}, {}, {}},
      {"POST", base + PartnerIdp::kRefresh, {{"Authorization", "Bearer two"}}, "post-body", {}},
      {"HEAD", base + PartnerIdp::kApi, {}, {}, {}},
      {"GET", base + PartnerIdp::kApi, {{"Authorization", "Bearer three"}}, {}, {}},
      {"GET", base + PartnerIdp::kApi, {}, {}, {}},
  };
  for (const HttpRequest& call : calls) {
    HttpResult result = easy.perform(call);
    ASSERT_TRUE(result.ok()) << call.method << ": " << result.error().describe();
    if (call.method == "HEAD") {
      EXPECT_TRUE(result->body.empty()) << "a HEAD answer has no body";
    } else {
      EXPECT_EQ(result->status, 200) << call.method;
    }
  }
  const auto puts = partner.faults().recorded(PartnerIdp::kMfa);
  const auto posts = partner.faults().recorded(PartnerIdp::kRefresh);
  const auto gets = partner.faults().recorded(PartnerIdp::kApi);
  ASSERT_EQ(puts.size(), 1U);
  ASSERT_EQ(posts.size(), 1U);
  ASSERT_EQ(gets.size(), 3U) << "the HEAD is no GET";
  EXPECT_EQ(puts[0].body, "put-body");
  EXPECT_EQ(posts[0].method, "POST");
  EXPECT_EQ(posts[0].body, "post-body");
  EXPECT_EQ(posts[0].authorization, "Bearer two");
  for (const auto& get : gets) {
    EXPECT_EQ(get.method, "GET");
    EXPECT_EQ(get.body, "");
  }
  EXPECT_EQ(gets[0].authorization, "Bearer one");
  EXPECT_EQ(gets[1].authorization, "Bearer three");
  EXPECT_EQ(gets[2].authorization, "") << "a header left out is not sent again";
}

TEST_F(ConfiguredEasyTest, EachAnswerHasOnlyItsOwnHeaders) {
  partner.faults().script(PartnerIdp::kApi, {.status = 429, .body = "{}", .retry_after = "7"});
  partner.faults().script(PartnerIdp::kApi, {.status = 200, .body = "{}"});
  HttpResult throttled = easy.perform(api_get());
  HttpResult answered = easy.perform(api_get());
  ASSERT_TRUE(throttled.ok() && answered.ok());
  EXPECT_EQ(throttled->headers.find("Retry-After"), "7");
  EXPECT_FALSE(answered->headers.contains("Retry-After"));
  EXPECT_EQ(answered->headers.find("Content-Type"), "application/json");
}

// Had the first call's 200 ms stayed with the handle, the next call would time out while the
// server holds it. No sleep decides when the server lets it go: a second handle, given the same
// 200 ms and started only once the call under test has reached the server, times out first. By
// then a timeout left on the handle would have ended the call under test (libcurl checks a
// transfer's deadline before it reads), so the answer is released only after that point.
TEST_F(ConfiguredEasyTest, AOneCallTimeoutDoesNotStayWithTheHandle) {
  constexpr milliseconds kHurried{200};
  // Its own timeout is far beyond what the reference handle waits: only a stale one can end it.
  ConfiguredEasy patient{{.timeout = std::chrono::seconds{60}}, share.get()};
  const auto held = std::make_shared<FaultGate>();
  partner.faults().script(PartnerIdp::kApi, {.status = 200, .body = "{}", .gate = held});
  HttpRequest hurried = api_get();
  hurried.timeout = kHurried;
  const HttpResult timed_out = patient.perform(hurried);
  held->open();
  ASSERT_FALSE(timed_out.ok());
  ASSERT_EQ(timed_out.error().code, TransportErrc::timeout) << timed_out.error().describe();

  const auto slow = std::make_shared<FaultGate>();
  partner.faults().script(PartnerIdp::kApi, {.status = 200, .body = "{}", .gate = slow});
  const auto reference_held = std::make_shared<FaultGate>();
  partner.faults().script(PartnerIdp::kApi, {.status = 200, .body = "{}", .gate = reference_held});
  std::optional<HttpResult> reference;
  std::jthread releaser([&] {
    if (slow->wait_for_arrivals(1)) {
      ConfiguredEasy reference_easy{{}, share.get()};
      reference = reference_easy.perform(hurried);
    }
    slow->open();
    reference_held->open();
  });
  const HttpResult result = patient.perform(api_get());
  releaser.join();
  ASSERT_TRUE(reference.has_value()) << "the call under test never reached the server";
  ASSERT_FALSE(reference->ok()) << "the reference handle must time out for the check to hold";
  ASSERT_EQ(reference->error().code, TransportErrc::timeout) << reference->error().describe();
  EXPECT_TRUE(result.ok()) << result.error().describe();
}

// Answers GET /agent with the User-Agent the request carried, "(none)" without one.
class UserAgentEcho {
 public:
  UserAgentEcho() {
    server::Router router;
    router.add("GET", "/agent", [](const server::ServerRequest& request) {
      return server::ServerResponse{.body = request.header("User-Agent").value_or("(none)")};
    });
    server_ = std::make_unique<server::HttpServer>(server::HttpServerOptions{}, std::move(router));
    if (!server_->start()) throw std::runtime_error("the echo server cannot start");
  }
  std::string agent_seen(ConfiguredEasy& easy, HttpHeaders headers = {}) {
    const std::string url = "http://127.0.0.1:" + std::to_string(server_->port()) + "/agent";
    HttpResult result = easy.perform({"GET", url, std::move(headers), {}, {}});
    return result.ok() ? result->body : result.error().describe();
  }

 private:
  std::unique_ptr<server::HttpServer> server_;
};

TEST(ConfiguredEasyUserAgentTest, SendsTheConfiguredAgentUnlessTheCallerNamesOne) {
  UserAgentEcho echo;
  CurlShare share;
  ConfiguredEasy easy{{.user_agent = "probe/1"}, share.get()};
  EXPECT_EQ(echo.agent_seen(easy), "probe/1");
  EXPECT_EQ(echo.agent_seen(easy, {{"User-Agent", "caller/2"}}), "caller/2");
  EXPECT_EQ(echo.agent_seen(easy), "probe/1");

  ConfiguredEasy anonymous{{.user_agent = ""}, share.get()};
  EXPECT_EQ(echo.agent_seen(anonymous), "(none)");
}

}  // namespace
}  // namespace freshauth::detail
