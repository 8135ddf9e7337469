// The libcurl transport against the embedded idp, scripted; built under ThreadSanitizer as well.
#include "freshauth/curl/curl_transport.h"

#include <gtest/gtest.h>

#include <latch>
#include <thread>

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
