// The libcurl transport against the embedded idp, scripted; built under ThreadSanitizer as well.
#include "freshauth/curl/curl_transport.h"

#include <gtest/gtest.h>

#include <latch>
#include <thread>

#include "freshauth/server/http_server.h"
#include "support/partner_idp.h"

namespace freshauth {
namespace {

using server::FaultGate;
using server::ScriptedReply;
using std::chrono::milliseconds;
using testing::PartnerIdp;

class CurlTransportTest : public ::testing::Test {
 protected:
  HttpRequest api_get(const std::string& path = PartnerIdp::kApi) {
    return {"GET", partner.base_url() + path, {}, {}, {}};
  }

  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>();
  PartnerIdp partner{clock};
  CurlTransport transport{{.connect_timeout = milliseconds{1000}, .timeout = milliseconds{2000}}};
};

TEST_F(CurlTransportTest, ReturnsStatusHeadersAndBody) {
  partner.faults().script(PartnerIdp::kApi, {.status = 418, .body = R"({"tea":true})"});
  HttpResult result = transport.send(api_get());
  ASSERT_TRUE(result.ok()) << result.error().describe();
  EXPECT_EQ(result->status, 418);
  EXPECT_EQ(result->body, R"({"tea":true})");
  EXPECT_EQ(result->headers.find("content-type"), "application/json");
}

TEST_F(CurlTransportTest, SendsMethodHeadersAndBody) {
  // The idp's one PUT route; the scripted reply answers in place of its handler.
  partner.faults().script(PartnerIdp::kMfa, {.status = 200, .body = "{}"});
  HttpRequest request{"PUT",
                      partner.base_url() + PartnerIdp::kMfa,
                      {{"Authorization", "Bearer abc"}, {"Content-Type", "application/json"}},
                      R"({"name":"x"})",
                      {}};
  ASSERT_TRUE(transport.send(request).ok());
  const auto calls = partner.faults().recorded(PartnerIdp::kMfa);
  ASSERT_EQ(calls.size(), 1U);
  EXPECT_EQ(calls[0].method, "PUT");
  EXPECT_EQ(calls[0].path, PartnerIdp::kMfa);
  EXPECT_EQ(calls[0].body, R"({"name":"x"})");
  EXPECT_EQ(calls[0].authorization, "Bearer abc");
}

TEST_F(CurlTransportTest, ASlowServerTimesOut) {
  const auto held = std::make_shared<FaultGate>();  // the answer waits until the test is done
  partner.faults().script(PartnerIdp::kApi, {.status = 200, .body = "{}", .gate = held});
  HttpRequest request = api_get();
  request.timeout = milliseconds{200};
  HttpResult result = transport.send(request);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, TransportErrc::timeout);
  EXPECT_EQ(held->arrivals(), 1);
  EXPECT_FALSE(held->gave_up()) << "the call ended only when the server let go of it";
  held->open();
}

TEST_F(CurlTransportTest, ATruncatedBodyIsAConnectionLoss) {
  partner.faults().script(PartnerIdp::kApi, {.status = 200,
                                             .body = R"({"AccessToken":"abcdefghijkl"})",
                                             .delivery = ScriptedReply::Delivery::truncated_body});
  HttpResult result = transport.send(api_get());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, TransportErrc::connection_lost) << result.error().describe();
}

TEST_F(CurlTransportTest, AConnectionDroppedAfterHeadersIsAConnectionLoss) {
  partner.faults().script(
      PartnerIdp::kApi,
      {.status = 200, .body = "{}", .delivery = ScriptedReply::Delivery::drop_after_headers});
  HttpResult result = transport.send(api_get());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, TransportErrc::connection_lost) << result.error().describe();
}

TEST_F(CurlTransportTest, NobodyListeningIsAConnectFailure) {
  std::string url;
  {
    PartnerIdp gone{clock};
    url = gone.base_url() + PartnerIdp::kApi;
  }
  HttpResult result = transport.send({"GET", url, {}, {}, {}});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, TransportErrc::connect_failed);
  EXPECT_NE(result.error().message.find("GET http://127.0.0.1"), std::string::npos);
}

TEST_F(CurlTransportTest, ErrorsNameTheCallWithoutItsQueryString) {
  HttpResult result = transport.send({"GET", "http://127.0.0.1:1/x?code=SECRET", {}, {}, {}});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().describe().find("SECRET"), std::string::npos);
}

TEST_F(CurlTransportTest, ABadUrlIsAnInvalidRequest) {
  HttpResult result = transport.send({"GET", "notascheme://x", {}, {}, {}});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, TransportErrc::invalid_request);
}

// One thread's calls take turns on one pooled handle, which keeps what the last call set: each
// call must still go out exactly as asked, whatever came before it.
TEST_F(CurlTransportTest, EachCallOnAReusedHandleIsSentAsAsked) {
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
    HttpResult result = transport.send(call);
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

TEST_F(CurlTransportTest, EachAnswerHasOnlyItsOwnHeaders) {
  partner.faults().script(PartnerIdp::kApi, {.status = 429, .body = "{}", .retry_after = "7"});
  partner.faults().script(PartnerIdp::kApi, {.status = 200, .body = "{}"});
  HttpResult throttled = transport.send(api_get());
  HttpResult answered = transport.send(api_get());
  ASSERT_TRUE(throttled.ok() && answered.ok());
  EXPECT_EQ(throttled->headers.find("Retry-After"), "7");
  EXPECT_FALSE(answered->headers.contains("Retry-After"));
  EXPECT_EQ(answered->headers.find("Content-Type"), "application/json");
}

TEST_F(CurlTransportTest, AOneCallTimeoutDoesNotStayWithTheHandle) {
  const auto held = std::make_shared<FaultGate>();
  partner.faults().script(PartnerIdp::kApi, {.status = 200, .body = "{}", .gate = held});
  HttpRequest hurried = api_get();
  hurried.timeout = milliseconds{200};
  ASSERT_FALSE(transport.send(hurried).ok());
  held->open();

  // Held for longer than the first call's timeout, well within the transport's own (2 s).
  const auto slow = std::make_shared<FaultGate>();
  partner.faults().script(PartnerIdp::kApi, {.status = 200, .body = "{}", .gate = slow});
  std::jthread opener([&] {
    if (slow->wait_for_arrivals(1)) std::this_thread::sleep_for(milliseconds{500});
    slow->open();
  });
  HttpResult result = transport.send(api_get());
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
  std::string agent_seen(CurlTransport& transport, HttpHeaders headers = {}) {
    const std::string url = "http://127.0.0.1:" + std::to_string(server_->port()) + "/agent";
    HttpResult result = transport.send({"GET", url, std::move(headers), {}, {}});
    return result.ok() ? result->body : result.error().describe();
  }

 private:
  std::unique_ptr<server::HttpServer> server_;
};

TEST(CurlTransportUserAgentTest, SendsTheConfiguredAgentUnlessTheCallerNamesOne) {
  UserAgentEcho echo;
  CurlTransport transport{{.user_agent = "probe/1"}};
  EXPECT_EQ(echo.agent_seen(transport), "probe/1");
  EXPECT_EQ(echo.agent_seen(transport, {{"User-Agent", "caller/2"}}), "caller/2");
  EXPECT_EQ(echo.agent_seen(transport), "probe/1");

  CurlTransport anonymous{{.user_agent = ""}};
  EXPECT_EQ(echo.agent_seen(anonymous), "(none)");
}

TEST_F(CurlTransportTest, ManyThreadsShareOneTransport) {
  constexpr int kThreads = 16;
  constexpr int kCallsEach = 10;
  partner.faults().script_always(PartnerIdp::kApi, {.status = 200, .body = R"({"ok":true})"});
  std::atomic<int> ok{0};
  std::mutex mutex;
  std::vector<std::string> failures;
  std::latch start(kThreads);
  {
    std::vector<std::jthread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&] {
        start.arrive_and_wait();
        for (int i = 0; i < kCallsEach; ++i) {
          HttpResult result = transport.send(api_get());
          if (result.ok() && result->status == 200) {
            ++ok;
          } else {
            const std::lock_guard lock(mutex);
            failures.push_back(result.ok() ? std::to_string(result->status)
                                           : result.error().describe());
          }
        }
      });
    }
  }
  EXPECT_EQ(ok, kThreads * kCallsEach) << (failures.empty() ? "" : failures.front());
  EXPECT_EQ(partner.faults().calls(PartnerIdp::kApi), kThreads * kCallsEach);
}

}  // namespace
}  // namespace freshauth
