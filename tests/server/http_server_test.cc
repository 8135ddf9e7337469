#include "freshauth/server/http_server.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <optional>
#include <stdexcept>
#include <thread>

#include "freshauth/server/fault_injection.h"
#include "freshauth/server/json_body.h"
#include "server/server_fixture.h"
#include "support/http_probe.h"

namespace freshauth::server {
namespace {

using namespace std::chrono_literals;

Router echo_router() {
  Router router;
  router.add("POST", "/echo", [](const ServerRequest& request) {
    auto body = parse_json_object(request);
    if (auto* refusal = std::get_if<ServerResponse>(&body)) return *refusal;
    return json_response(200, {{"got", std::get<nlohmann::json>(body)}, {"query", request.query}});
  });
  router.add("GET", "/throws",
             [](const ServerRequest&) -> ServerResponse { throw std::runtime_error("boom"); });
  return router;
}

class HttpServerTest : public ::testing::Test {
 protected:
  void start(HttpServerOptions options = {}, Router router = echo_router()) {
    server_ = std::make_unique<HttpServer>(std::move(options), std::move(router));
    ASSERT_TRUE(server_->start().ok());
    ASSERT_NE(server_->port(), 0);
    client_ =
        std::make_unique<testing::HttpProbe>("http://127.0.0.1:" + std::to_string(server_->port()));
  }
  std::unique_ptr<HttpServer> server_;
  std::unique_ptr<testing::HttpProbe> client_;
};

TEST_F(HttpServerTest, RoutesJsonAndKeepsTheConnectionAlive) {
  start();
  for (int i = 0; i < 3; ++i) {
    auto response = client_->post("/echo?x=1", R"({"a":1})", "application/json");
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
    const auto body = nlohmann::json::parse(response->body);
    EXPECT_EQ(body["got"]["a"], 1);
    EXPECT_EQ(body["query"], "x=1");
  }
  EXPECT_EQ(server_->stats().connections_total, 1u);
}

TEST_F(HttpServerTest, UnknownPathAndWrongMethodAreJsonErrors) {
  start();
  auto missing = client_->get("/nope");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(nlohmann::json::parse(missing->body)["error"], "NotFound");
  auto wrong_method = client_->get("/echo");
  ASSERT_TRUE(wrong_method);
  EXPECT_EQ(wrong_method->status, 405);
}

TEST_F(HttpServerTest, BadBodiesAre4xx) {
  start();
  EXPECT_EQ(client_->post("/echo", "{", "application/json")->status, 400);
  EXPECT_EQ(client_->post("/echo", "[1]", "application/json")->status, 400);
  EXPECT_EQ(client_->post("/echo", "a=b", "application/x-www-form-urlencoded")->status, 415);
  EXPECT_EQ(client_->post("/echo", std::string(64 * 1024 + 1, ' '), "application/json")->status,
            413);
}

TEST_F(HttpServerTest, AThrowingHandlerAnswers500AndTheServerLives) {
  start();
  EXPECT_EQ(client_->get("/throws")->status, 500);
  EXPECT_EQ(client_->get("/healthz")->status, 200);
}

TEST_F(HttpServerTest, MetricsCountResponses) {
  start();
  (void)client_->get("/nope");
  auto metrics = client_->get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("freshauth_http_responses_total{class=\"4xx\"} 1"),
            std::string::npos);
}

bool has_line(const std::string& text, const std::string& line) {
  return text.find("\n" + line + "\n") != std::string::npos;
}

TEST_F(HttpServerTest, MetricsCountRequestsPerRoutePatternMethodAndStatus) {
  start();
  for (int i = 0; i < 2; ++i) {
    ASSERT_EQ(client_->post("/echo", R"({"a":1})", "application/json")->status, 200);
  }
  ASSERT_EQ(client_->get("/echo")->status, 405);
  ASSERT_EQ(client_->get("/throws")->status, 500);
  ASSERT_EQ(client_->get("/nope/1")->status, 404);
  ASSERT_EQ(client_->get("/nope/2?token=x")->status, 404);
  {
    testing::RawSocket socket{server_->port()};  // a made-up method must not become a label
    socket.send("FROB /nope/3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    ASSERT_NE(socket.read_all().find(" 404 "), std::string::npos);
  }
  auto scraped = client_->get("/metrics");
  ASSERT_TRUE(scraped);
  EXPECT_EQ(testing::header_of(*scraped, "Content-Type"),
            "text/plain; version=0.0.4; charset=utf-8");
  const std::string& text = scraped->body;
  EXPECT_TRUE(
      has_line(text, R"(freshauth_http_requests_total{route="/echo",method="POST",code="200"} 2)"));
  EXPECT_TRUE(
      has_line(text, R"(freshauth_http_requests_total{route="/echo",method="GET",code="405"} 1)"));
  EXPECT_TRUE(has_line(
      text, R"(freshauth_http_requests_total{route="/throws",method="GET",code="500"} 1)"));
  EXPECT_TRUE(has_line(
      text, R"(freshauth_http_requests_total{route="unmatched",method="GET",code="404"} 2)"));
  EXPECT_TRUE(has_line(
      text, R"(freshauth_http_requests_total{route="unmatched",method="other",code="404"} 1)"));
  EXPECT_TRUE(has_line(text, R"(freshauth_http_request_duration_seconds_count{route="/echo"} 3)"));
  EXPECT_TRUE(has_line(
      text, R"(freshauth_http_request_duration_seconds_bucket{route="unmatched",le="+Inf"} 3)"));
  EXPECT_TRUE(has_line(text, "# TYPE freshauth_http_request_duration_seconds histogram"));
  EXPECT_EQ(text.find("/nope"), std::string::npos) << "raw paths must not become labels";
  EXPECT_EQ(text.find("FROB"), std::string::npos);
  // The scrape itself is counted once it is answered.
  EXPECT_TRUE(
      has_line(client_->get("/metrics")->body,
               R"(freshauth_http_requests_total{route="/metrics",method="GET",code="200"} 1)"));
}

TEST_F(HttpServerTest, RefusedRequestsAreCountedUnderTheirRoute) {
  start();
  EXPECT_EQ(client_->post("/echo", std::string(64 * 1024 + 1, ' '), "application/json")->status,
            413);
  EXPECT_TRUE(
      has_line(client_->get("/metrics")->body,
               R"(freshauth_http_requests_total{route="/echo",method="POST",code="413"} 1)"));
}

TEST_F(HttpServerTest, MalformedHttpGets400) {
  start();
  testing::RawSocket socket{server_->port()};
  socket.send("NOT HTTP AT ALL\r\n\r\n");
  EXPECT_NE(socket.read_all().find(" 400 "), std::string::npos);
}

TEST_F(HttpServerTest, DeclaredOversizeBodyIsRefusedBeforeItIsSent) {
  start();
  testing::RawSocket socket{server_->port()};
  socket.send(
      "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 10000000\r\n\r\n");
  EXPECT_NE(socket.read_all().find(" 413 "), std::string::npos);
}

TEST_F(HttpServerTest, SlowClientIsDisconnectedAfterTheHeaderTimeout) {
  HttpServerOptions options;
  options.header_timeout = 200ms;
  start(options);
  testing::RawSocket socket{server_->port()};
  socket.send("GET /healthz HTTP/1.1\r\nHost:");  // and never finishes
  EXPECT_EQ(socket.read_all(), "");
  EXPECT_TRUE(socket.closed_by_server()) << "still connected when the client gave up waiting";
}

TEST_F(HttpServerTest, StopClosesIdleKeepAliveConnectionsPromptly) {
  HttpServerOptions options;
  options.idle_timeout = std::chrono::minutes{10};  // far past the deadline below
  start(options);
  ASSERT_TRUE(client_->get("/healthz"));  // leaves a keep-alive connection open
  // An idle keep-alive connection must not hold stop() until it times out on its own; the deadline
  // only keeps a regression from hanging the suite.
  auto stopped = std::async(std::launch::async, [this] { server_->stop(); });
  ASSERT_EQ(stopped.wait_for(30s), std::future_status::ready) << "stop() still waiting after 30 s";
  EXPECT_EQ(server_->stats().connections_open, 0u);
}

TEST_F(HttpServerTest, AfterStopNewConnectionsAreRefused) {
  start();
  server_->stop();
  // A listening socket left open would accept into its backlog and leave clients hanging until
  // their timeout instead of failing at once.
  testing::RawSocket socket{server_->port()};
  EXPECT_FALSE(socket.connected());
}

TEST_F(HttpServerTest, TwoServersGetDifferentPorts) {
  start();
  HttpServer other{{}, Router{}};
  ASSERT_TRUE(other.start().ok());
  EXPECT_NE(other.port(), server_->port());
}

TEST(HttpServerStart, RefusesAHostThatIsNotAnAddress) {
  HttpServerOptions options;
  options.host = "not an address";
  HttpServer server{options, Router{}};
  EXPECT_FALSE(server.start().ok());
}

TEST(FaultRule, ParsesEveryKnob) {
  auto rule = parse_fault_rule("/auth latency=20 error=503@0.5 drop=0.1 malformed=0.2");
  ASSERT_TRUE(rule.ok());
  EXPECT_EQ(rule->path, "/auth");
  EXPECT_EQ(rule->spec.latency, 20ms);
  EXPECT_EQ(rule->spec.error_status, 503);
  EXPECT_DOUBLE_EQ(rule->spec.error_rate, 0.5);
  EXPECT_DOUBLE_EQ(rule->spec.drop_rate, 0.1);
  EXPECT_DOUBLE_EQ(rule->spec.malformed_rate, 0.2);
  EXPECT_FALSE(rule->spec.retry_after);
  EXPECT_EQ(parse_fault_rule("/auth error=503@1 retry_after=2")->spec.retry_after, 2s);
  EXPECT_FALSE(parse_fault_rule("/auth retry_after=soon").ok());
  EXPECT_FALSE(parse_fault_rule("auth").ok());
  EXPECT_FALSE(parse_fault_rule("/auth error=200@0.1").ok());
  EXPECT_FALSE(parse_fault_rule("/auth drop=2").ok());
  EXPECT_FALSE(parse_fault_rule("/auth color=red").ok());
}

TEST_F(HttpServerTest, InjectedFaultsReachTheClient) {
  FaultPlan plan{42};
  plan.add(*parse_fault_rule("/error error=502@1"));
  plan.add(*parse_fault_rule("/throttled error=503@1 retry_after=3"));
  plan.add(*parse_fault_rule("/drop drop=1"));
  plan.add(*parse_fault_rule("/malformed malformed=1"));
  Router router;
  for (const std::string path : {"/error", "/throttled", "/drop", "/malformed"}) {
    router.add("GET", path, plan.wrap(path, [](const ServerRequest&) {
      return json_response(200, {{"ok", true}});
    }));
  }
  start({}, std::move(router));
  EXPECT_EQ(client_->get("/error")->status, 502);
  EXPECT_FALSE(client_->get("/error")->headers.contains("Retry-After"));
  auto throttled = client_->get("/throttled");
  ASSERT_TRUE(throttled);
  EXPECT_EQ(throttled->status, 503);
  EXPECT_EQ(testing::header_of(*throttled, "Retry-After"), "3");
  // On a connection of its own: libcurl sends a request again, once, when a connection it
  // reused closes without an answer.
  EXPECT_FALSE(testing::HttpProbe{client_->origin()}.get("/drop"));
  auto malformed = client_->get("/malformed");
  ASSERT_TRUE(malformed);
  EXPECT_TRUE(nlohmann::json::parse(malformed->body, nullptr, false).is_discarded());
  // A dropped connection has no status: it is counted as code 0.
  EXPECT_TRUE(has_line(client_->get("/metrics")->body,
                       R"(freshauth_http_requests_total{route="/drop",method="GET",code="0"} 1)"));
}

Router scripted_router(FaultPlan& plan) {
  Router router;
  router.add("GET", "/item", [](const ServerRequest&) { return json_response(200, {{"id", 1}}); });
  router.add("POST", "/item", [](const ServerRequest& request) {
    return json_response(201, {{"got", request.body}});
  });
  plan.enable_scripting();
  EXPECT_TRUE(plan.apply_to(router).ok());
  return router;
}

TEST_F(HttpServerTest, ScriptedRepliesComeInOrderThenTheStickyOneThenTheHandler) {
  FaultPlan plan{1};
  start({}, scripted_router(plan));
  plan.script("/item", {.status = 503, .body = R"({"error":"busy"})", .retry_after = "7"});
  plan.script("/item", {.status = 404});  // the handler's body, another status
  auto busy = client_->get("/item");
  ASSERT_TRUE(busy);
  EXPECT_EQ(busy->status, 503);
  EXPECT_EQ(busy->body, R"({"error":"busy"})");
  EXPECT_EQ(testing::header_of(*busy, "Retry-After"), "7");
  auto missing = client_->get("/item");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(nlohmann::json::parse(missing->body)["id"], 1);
  EXPECT_EQ(client_->get("/item")->status, 200);
  plan.script_always("/item", {.status = 429});
  EXPECT_EQ(client_->get("/item")->status, 429);
  EXPECT_EQ(client_->get("/item")->status, 429);
  EXPECT_THROW(plan.script("/elsewhere", {}), std::invalid_argument) << "it would never fire";
}

TEST_F(HttpServerTest, ScriptingRecordsEveryCallOfARoute) {
  FaultPlan plan{1};
  start({}, scripted_router(plan));
  ASSERT_EQ(client_
                ->post("/item?q=1", R"({"a":1})", "application/json",
                       {{"Authorization", "Bearer t"}, {"X-Preferred-Partner-Id", "p-1"}})
                ->status,
            201);
  ASSERT_TRUE(client_->get("/item"));
  EXPECT_EQ(plan.calls("/item"), 2);
  EXPECT_TRUE(plan.wait_for_calls("/item", 2, 1s));
  const auto calls = plan.recorded("/item");
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0].method, "POST");
  EXPECT_EQ(calls[0].path, "/item");
  EXPECT_EQ(calls[0].body, R"({"a":1})");
  EXPECT_EQ(calls[0].authorization, "Bearer t");
  EXPECT_EQ(calls[0].partner_id, "p-1");
  EXPECT_EQ(calls[1].method, "GET");
  EXPECT_EQ(calls[1].authorization, "");
  EXPECT_FALSE(plan.wait_for_calls("/item", 3, 10ms)) << "a wait that cannot end gives up";
}

TEST_F(HttpServerTest, ScriptedTransfersCutShortAreConnectionLosses) {
  FaultPlan plan{1};
  start({}, scripted_router(plan));
  plan.script("/item", {.body = R"({"AccessToken":"abcdefgh"})",
                        .delivery = ScriptedReply::Delivery::truncated_body});
  plan.script("/item", {.delivery = ScriptedReply::Delivery::drop_after_headers});
  auto truncated = client_->get("/item");
  ASSERT_FALSE(truncated);
  EXPECT_EQ(truncated.error().code, TransportErrc::connection_lost) << truncated.error().describe();
  auto dropped = client_->get("/item");
  ASSERT_FALSE(dropped);
  EXPECT_EQ(dropped.error().code, TransportErrc::connection_lost) << dropped.error().describe();
  EXPECT_EQ(client_->get("/item")->status, 200) << "the server is still there";
}

TEST_F(HttpServerTest, AGateHoldsTheCallUntilTheTestOpensIt) {
  FaultPlan plan{1};
  start({}, scripted_router(plan));
  const auto gate = std::make_shared<FaultGate>();
  plan.script("/item", {.gate = gate});
  std::optional<int> status;
  std::thread caller([&] { status = client_->get("/item")->status; });
  ASSERT_TRUE(gate->wait_for_arrivals(1)) << "the call never reached the gate";
  EXPECT_FALSE(gate->is_open());
  gate->open();
  caller.join();
  EXPECT_EQ(status, 200);
  EXPECT_FALSE(gate->gave_up());
}

TEST(FaultGate, NeverHoldsACallPastItsLimit) {
  FaultGate gate{1ms};
  EXPECT_FALSE(gate.pass());
  EXPECT_TRUE(gate.gave_up());
  EXPECT_EQ(gate.arrivals(), 1);
  EXPECT_FALSE(gate.wait_for_arrivals(2, 1ms));
}

}  // namespace
}  // namespace freshauth::server
