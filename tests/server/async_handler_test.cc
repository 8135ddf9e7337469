#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "freshauth/server/http_server.h"
#include "freshauth/server/router.h"
#include "server/parked_responders.h"
#include "support/http_probe.h"

namespace freshauth::server {
namespace {

using namespace std::chrono_literals;

AsyncHandler answering(std::string text) {
  return [text](ServerRequest, Responder respond) {
    respond(json_response(200, {{"route", text}}));
  };
}

class AsyncHandlerTest : public ::testing::Test {
 protected:
  void start(Router router, HttpServerOptions options = {}) {
    server_ = std::make_unique<HttpServer>(std::move(options), std::move(router));
    ASSERT_TRUE(server_->start().ok());
    probe_ = std::make_unique<testing::HttpProbe>(origin());
  }
  std::string origin() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }
  // The route that answered `method target`, or the status when it was not a 200.
  std::string route_of(const std::string& method, const std::string& target) {
    auto response = probe_->send(method, target);
    if (!response) return "transport error";
    if (response->status != 200) return std::to_string(response->status);
    return nlohmann::json::parse(response->body)["route"];
  }
  void TearDown() override {
    for (auto& respond : parked_.take()) respond(no_content());
  }

  testing::ParkedResponders parked_;
  std::unique_ptr<HttpServer> server_;
  std::unique_ptr<testing::HttpProbe> probe_;
};

TEST_F(AsyncHandlerTest, AResponderCalledLaterFromAnotherThreadAnswers) {
  Router router;
  router.add_async("GET", "/later", parked_.handler());
  std::mutex logged_mutex;
  std::vector<AccessLogEntry> logged;
  HttpServerOptions options;
  options.access_log = [&](const AccessLogEntry& entry) {
    const std::lock_guard lock{logged_mutex};
    logged.push_back(entry);
  };
  start(std::move(router), options);
  for (int i = 0; i < 2; ++i) {  // twice: the connection is kept alive across asynchronous answers
    auto answer = std::async(std::launch::async, [this] { return probe_->get("/later"); });
    ASSERT_TRUE(parked_.wait_for(1));
    auto responders = parked_.take();
    std::thread{[respond = responders.at(0)] {
      respond(json_response(200, {{"from", "another thread"}}));
    }}.join();
    ASSERT_EQ(answer.wait_for(30s), std::future_status::ready);
    auto response = answer.get();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(nlohmann::json::parse(response->body)["from"], "another thread");
  }
  EXPECT_EQ(server_->stats().connections_total, 1u);
  server_->stop();
  const std::lock_guard lock{logged_mutex};
  ASSERT_EQ(logged.size(), 2u);
  EXPECT_EQ(logged[0].path, "/later");
  EXPECT_EQ(logged[0].status, 200);
}

TEST_F(AsyncHandlerTest, ExactRoutesWinOverPrefixesAndTheLongestPrefixWins) {
  Router router;
  router.add("GET", "/api/exact", [](const ServerRequest&) {
    return json_response(200, {{"route", "exact sync"}});
  });
  router.add_async("GET", "/api/async", answering("exact async"));
  router.add_prefix(std::string{kAnyMethod}, "/api/", answering("api"));
  router.add_prefix("GET", "/api/v2/", answering("v2"));
  router.add_prefix("POST", "/forms/", answering("forms"));
  start(std::move(router));

  EXPECT_EQ(route_of("GET", "/api/exact"), "exact sync");
  EXPECT_EQ(route_of("GET", "/api/async?x=1"), "exact async");
  EXPECT_EQ(route_of("GET", "/api/other/path"), "api");
  EXPECT_EQ(route_of("DELETE", "/api/other"), "api");
  EXPECT_EQ(route_of("GET", "/api/v2/users"), "v2");
  EXPECT_EQ(route_of("POST", "/api/v2/users"), "api");  // the longest prefix for this method
  EXPECT_EQ(route_of("POST", "/forms/a"), "forms");
  EXPECT_EQ(route_of("GET", "/forms/a"), "405");
  EXPECT_EQ(route_of("POST", "/api/exact"), "405");  // an exact path is not handed to a prefix
  EXPECT_EQ(route_of("GET", "/api"), "404");
  EXPECT_EQ(route_of("GET", "/elsewhere"), "404");

  auto metrics = probe_->get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find(
                R"(freshauth_http_requests_total{route="/api/v2/*",method="GET",code="200"} 1)"),
            std::string::npos);
  EXPECT_NE(metrics->body.find(
                R"(freshauth_http_requests_total{route="/api/async",method="GET",code="200"} 1)"),
            std::string::npos);
}

TEST_F(AsyncHandlerTest, ASecondCallOfTheResponderIsIgnored) {
  Router router;
  router.add_async("GET", "/twice", [](ServerRequest, Responder respond) {
    respond(json_response(200, {{"route", "first"}}));
    respond(json_response(500, {{"route", "second"}}));
  });
  router.add_async("GET", "/parked", parked_.handler());
  start(std::move(router));
  EXPECT_EQ(route_of("GET", "/twice"), "first");

  auto answer = std::async(std::launch::async, [this] { return probe_->get("/parked"); });
  ASSERT_TRUE(parked_.wait_for(1));
  auto respond = parked_.take().at(0);
  respond(json_response(200, {{"route", "first"}}));
  respond(json_response(200, {{"route", "late"}}));  // must not reach the next request
  ASSERT_EQ(answer.wait_for(30s), std::future_status::ready);
  EXPECT_EQ(nlohmann::json::parse(answer.get()->body)["route"], "first");
  EXPECT_EQ(route_of("GET", "/twice"), "first");
  EXPECT_EQ(server_->stats().connections_total, 1u);
}

TEST_F(AsyncHandlerTest, AThrowingAsyncHandlerAnswers500) {
  Router router;
  router.add_async("GET", "/throws",
                   [](ServerRequest, Responder) { throw std::runtime_error("boom"); });
  start(std::move(router));
  EXPECT_EQ(route_of("GET", "/throws"), "500");
  EXPECT_EQ(probe_->get("/healthz")->status, 200);
}

TEST_F(AsyncHandlerTest, AHandlerThatNeverAnswersGets504AfterTheResponseTimeout) {
  Router router;
  router.add_async("GET", "/never", parked_.handler());
  HttpServerOptions options;
  options.response_timeout = 100ms;
  start(std::move(router), options);
  auto response = probe_->get("/never");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 504);
  EXPECT_EQ(nlohmann::json::parse(response->body)["error"], "timeout");
  for (auto& respond : parked_.take()) respond(json_response(200, {{"route", "too late"}}));
  auto next = probe_->get("/healthz");  // the late answer went nowhere
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
  EXPECT_EQ(nlohmann::json::parse(next->body)["status"], "ok");
}

TEST_F(AsyncHandlerTest, StopCompletesWithARequestStillWaitingForItsAnswer) {
  Router router;
  router.add_async("GET", "/never", parked_.handler());
  HttpServerOptions options;
  options.stop_grace = 200ms;
  start(std::move(router), options);
  auto answer = std::async(std::launch::async, [this] { return probe_->get("/never"); });
  ASSERT_TRUE(parked_.wait_for(1));
  auto stopped = std::async(std::launch::async, [this] { server_->stop(); });
  ASSERT_EQ(stopped.wait_for(30s), std::future_status::ready) << "stop() still waiting after 30 s";
  ASSERT_EQ(answer.wait_for(30s), std::future_status::ready);
  auto responders = parked_.take();
  responders.at(0)(no_content());  // after stop: ignored
  server_.reset();
  responders.at(0)(no_content());  // after the server is gone: still harmless
}

}  // namespace
}  // namespace freshauth::server
