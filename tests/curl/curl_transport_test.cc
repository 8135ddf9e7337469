// The libcurl transport against a local server; built under ThreadSanitizer as well.
#include "freshauth/curl/curl_transport.h"

#include <gtest/gtest.h>

#include <latch>
#include <thread>

#include "support/partner_test_server.h"

namespace freshauth {
namespace {

using std::chrono::milliseconds;
using testing::PartnerTestServer;
using testing::ScriptedReply;

class CurlTransportTest : public ::testing::Test {
 protected:
  HttpRequest api_get(const std::string& path = "/api/items") {
    return {"GET", server.base_url() + path, {}, {}, {}};
  }

  ManualClock clock;
  PartnerTestServer server{clock};
  CurlTransport transport{{.connect_timeout = milliseconds{1000}, .timeout = milliseconds{2000}}};
};

TEST_F(CurlTransportTest, ReturnsStatusHeadersAndBody) {
  server.script(PartnerTestServer::kApi, {.status = 418, .body = R"({"tea":true})"});
  HttpResult result = transport.send(api_get());
  ASSERT_TRUE(result.ok()) << result.error().describe();
  EXPECT_EQ(result->status, 418);
  EXPECT_EQ(result->body, R"({"tea":true})");
  EXPECT_EQ(result->headers.find("content-type"), "application/json");
}

TEST_F(CurlTransportTest, SendsMethodHeadersAndBody) {
  server.script(PartnerTestServer::kApi, {.status = 200, .body = "{}"});
  HttpRequest request{"PUT",
                      server.base_url() + "/api/things/1",
                      {{"Authorization", "Bearer abc"}, {"Content-Type", "application/json"}},
                      R"({"name":"x"})",
                      {}};
  ASSERT_TRUE(transport.send(request).ok());
  const auto calls = server.recorded(PartnerTestServer::kApi);
  ASSERT_EQ(calls.size(), 1U);
  EXPECT_EQ(calls[0].method, "PUT");
  EXPECT_EQ(calls[0].path, "/api/things/1");
  EXPECT_EQ(calls[0].body, R"({"name":"x"})");
  EXPECT_EQ(calls[0].authorization, "Bearer abc");
}

TEST_F(CurlTransportTest, ASlowServerTimesOut) {
  server.script(PartnerTestServer::kApi,
                {.status = 200, .body = "{}", .delay = milliseconds{5000}});
  HttpRequest request = api_get();
  request.timeout = milliseconds{200};
  const auto started = std::chrono::steady_clock::now();
  HttpResult result = transport.send(request);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, TransportErrc::timeout);
  EXPECT_LT(std::chrono::steady_clock::now() - started, milliseconds{2000});
}

TEST_F(CurlTransportTest, ATruncatedBodyIsAConnectionLoss) {
  server.script(PartnerTestServer::kApi, {.status = 200,
                                          .body = R"({"AccessToken":"abcdefghijkl"})",
                                          .fault = ScriptedReply::Fault::truncated_body});
  HttpResult result = transport.send(api_get());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, TransportErrc::connection_lost) << result.error().describe();
}

TEST_F(CurlTransportTest, AConnectionDroppedAfterHeadersIsAConnectionLoss) {
  server.script(PartnerTestServer::kApi,
                {.status = 200, .body = "{}", .fault = ScriptedReply::Fault::drop_after_headers});
  HttpResult result = transport.send(api_get());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, TransportErrc::connection_lost) << result.error().describe();
}

TEST_F(CurlTransportTest, NobodyListeningIsAConnectFailure) {
  std::string url;
  {
    PartnerTestServer gone{clock};
    url = gone.base_url() + "/api/x";
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

TEST_F(CurlTransportTest, ManyThreadsShareOneTransport) {
  constexpr int kThreads = 16;
  constexpr int kCallsEach = 10;
  server.script_always(PartnerTestServer::kApi, {.status = 200, .body = R"({"ok":true})"});
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
  EXPECT_EQ(server.calls(PartnerTestServer::kApi), kThreads * kCallsEach);
}

}  // namespace
}  // namespace freshauth
