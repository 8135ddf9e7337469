#include "freshauth/server/upstream_client.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "freshauth/server/http_server.h"
#include "freshauth/server/router.h"
#include "server/parked_responders.h"

namespace freshauth::server {
namespace {

using namespace std::chrono_literals;

Router upstream_routes(testing::ParkedResponders& parked, std::atomic<int>& drops) {
  Router router;
  router.add_prefix(
      std::string{kAnyMethod}, "/echo/", [](ServerRequest request, Responder respond) {
        ServerResponse response = json_response(200, {{"method", request.method},
                                                      {"target", request.target},
                                                      {"one", request.header("X-One").value_or("")},
                                                      {"two", request.header("X-Two").value_or("")},
                                                      {"body", request.body}});
        response.set_header("X-Reply", "yes");
        respond(std::move(response));
      });
  router.add("GET", "/big", [](const ServerRequest&) {
    ServerResponse response;
    response.body = std::string(2000, 'x');
    return response;
  });
  router.add_async("GET", "/parked", parked.handler());
  router.add("POST", "/drop", [&drops](const ServerRequest&) {
    ++drops;
    ServerResponse dropped;
    dropped.drop_connection = true;
    return dropped;
  });
  return router;
}

// The result of one send, waited for with a deadline.
Result<UpstreamResponse> call(UpstreamClient& client, UpstreamRequest request) {
  auto promise = std::make_shared<std::promise<Result<UpstreamResponse>>>();
  auto future = promise->get_future();
  client.send(std::move(request), [promise](Result<UpstreamResponse> result) {
    promise->set_value(std::move(result));
  });
  if (future.wait_for(30s) != std::future_status::ready) {
    return Error{Errc::transient, "test: no answer within 30 s", {}};
  }
  return future.get();
}

class UpstreamClientTest : public ::testing::Test {
 protected:
  void SetUp() override { start_upstream(); }
  void TearDown() override {
    for (auto& respond : parked_.take()) respond(no_content());
  }
  void start_upstream(std::uint16_t port = 0) {
    HttpServerOptions options;
    options.port = port;
    upstream_ = std::make_unique<HttpServer>(options, upstream_routes(parked_, drops_));
    ASSERT_TRUE(upstream_->start().ok());
  }
  UpstreamRequest request(std::string method, std::string target) const {
    UpstreamRequest request;
    request.method = std::move(method);
    request.host = "127.0.0.1";
    request.port = upstream_->port();
    request.target = std::move(target);
    return request;
  }

  testing::ParkedResponders parked_;
  std::atomic<int> drops_{0};
  std::unique_ptr<HttpServer> upstream_;
};

TEST_F(UpstreamClientTest, SendsMethodHeadersAndBodyAndReturnsTheAnswer) {
  UpstreamClient client;
  auto sent = request("PUT", "/echo/item?q=1");
  sent.headers = {{"X-One", "1"}, {"X-Two", "two words"}};
  sent.body = "hello";
  auto response = call(client, sent);
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->header("x-reply"), "yes");
  const auto body = nlohmann::json::parse(response->body);
  EXPECT_EQ(body["method"], "PUT");
  EXPECT_EQ(body["target"], "/echo/item?q=1");
  EXPECT_EQ(body["one"], "1");
  EXPECT_EQ(body["two"], "two words");
  EXPECT_EQ(body["body"], "hello");
}

TEST_F(UpstreamClientTest, ARequestFromAUrl) {
  auto from_url = upstream_request(
      "GET", "http://127.0.0.1:" + std::to_string(upstream_->port()) + "/echo/a?b=c");
  ASSERT_TRUE(from_url);
  EXPECT_EQ(from_url->host, "127.0.0.1");
  EXPECT_EQ(from_url->target, "/echo/a?b=c");
  UpstreamClient client;
  auto response = call(client, *from_url);
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(nlohmann::json::parse(response->body)["target"], "/echo/a?b=c");

  EXPECT_EQ(upstream_request("GET", "http://example.com")->target, "/");
  EXPECT_EQ(upstream_request("GET", "http://example.com")->port, 80);
  EXPECT_EQ(upstream_request("GET", "http://example.com:8080?a=b")->target, "/?a=b");
  EXPECT_EQ(upstream_request("GET", "http://[::1]:8080/x")->host, "::1");
  EXPECT_EQ(upstream_request("GET", "https://example.com/").error().code, Errc::invalid_argument);
  EXPECT_FALSE(upstream_request("GET", "http://example.com:99999/"));
  EXPECT_FALSE(upstream_request("GET", "http:///x"));
}

TEST_F(UpstreamClientTest, AHostNameIsResolved) {
  UpstreamClient client;
  auto sent = request("GET", "/echo/by-name");
  sent.host = "localhost";
  auto response = call(client, sent);
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 200);
}

TEST_F(UpstreamClientTest, KeepsTheConnectionAliveAcrossRequests) {
  UpstreamClient client;
  for (int i = 0; i < 5; ++i) {
    auto response = call(client, request("GET", "/echo/" + std::to_string(i)));
    ASSERT_TRUE(response) << response.error().message;
    EXPECT_EQ(response->status, 200);
  }
  EXPECT_EQ(upstream_->stats().connections_total, 1u);
}

TEST_F(UpstreamClientTest, SendsFromManyThreadsOverABoundedPool) {
  UpstreamClientOptions options;
  options.max_connections_per_host = 3;
  UpstreamClient client{options};
  constexpr int kThreads = 4;
  constexpr int kEach = 25;
  std::vector<std::future<int>> oks;
  for (int t = 0; t < kThreads; ++t) {
    oks.push_back(std::async(std::launch::async, [&, t] {
      std::vector<std::future<Result<UpstreamResponse>>> answers;
      for (int i = 0; i < kEach; ++i) {
        auto promise = std::make_shared<std::promise<Result<UpstreamResponse>>>();
        answers.push_back(promise->get_future());
        auto sent = request("POST", "/echo/" + std::to_string(t));
        sent.body = std::to_string(i);
        client.send(std::move(sent), [promise](Result<UpstreamResponse> result) {
          promise->set_value(std::move(result));
        });
      }
      int ok = 0;
      for (int i = 0; i < kEach; ++i) {
        if (answers[i].wait_for(30s) != std::future_status::ready) continue;
        auto response = answers[i].get();
        ok += response && response->status == 200 &&
              nlohmann::json::parse(response->body)["body"] == std::to_string(i);
      }
      return ok;
    }));
  }
  for (auto& ok : oks) EXPECT_EQ(ok.get(), kEach);
  EXPECT_LE(upstream_->stats().connections_total, 3u);
}

TEST_F(UpstreamClientTest, AStoppedUpstreamIsAClearTransientError) {
  const auto port = upstream_->port();
  upstream_->stop();
  UpstreamClient client;
  UpstreamRequest sent;
  sent.host = "127.0.0.1";
  sent.port = port;
  auto response = call(client, sent);
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().code, Errc::transient);
  EXPECT_NE(response.error().message.find("127.0.0.1:" + std::to_string(port)), std::string::npos);
  EXPECT_NE(response.error().message.find("cannot connect"), std::string::npos)
      << response.error().message;
}

TEST_F(UpstreamClientTest, AnUpstreamSlowerThanTheResponseTimeoutIsATimeout) {
  UpstreamClientOptions options;
  options.response_timeout = 200ms;
  UpstreamClient client{options};
  auto response = call(client, request("GET", "/parked"));
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().code, Errc::transient);
  EXPECT_NE(response.error().message.find("no response within 200 ms"), std::string::npos)
      << response.error().message;
  EXPECT_TRUE(parked_.wait_for(1));
}

TEST_F(UpstreamClientTest, ABodyAboveTheLimitIsAnError) {
  UpstreamClientOptions options;
  options.max_response_body = 1024;
  UpstreamClient client{options};
  auto response = call(client, request("GET", "/big"));
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().code, Errc::transient);
  EXPECT_NE(response.error().message.find("larger than 1024 bytes"), std::string::npos)
      << response.error().message;
  EXPECT_TRUE(call(client, request("GET", "/echo/after")));  // the client goes on
}

TEST_F(UpstreamClientTest, AHeaderValueWithCrOrLfIsRefusedAndNothingIsSent) {
  UpstreamClient client;
  for (const std::string value : {"secret\r\nX-Injected: 1", "secret\nX-Injected: 1", "a\rb"}) {
    auto sent = request("GET", "/echo/x");
    sent.headers = {{"Authorization", value}};
    auto response = call(client, sent);
    ASSERT_FALSE(response);
    EXPECT_EQ(response.error().code, Errc::invalid_argument);
    EXPECT_EQ(response.error().message.find("secret"), std::string::npos);
    EXPECT_EQ(response.error().message.find("Injected"), std::string::npos);
  }
  EXPECT_EQ(upstream_->stats().connections_total, 0u);
}

TEST_F(UpstreamClientTest, AnIdleConnectionTheServerClosedIsReplacedBeforeSending) {
  UpstreamClient client;
  ASSERT_TRUE(call(client, request("GET", "/echo/first")));
  const auto port = upstream_->port();
  upstream_->stop();  // closes the client's idle keep-alive connection
  upstream_.reset();
  start_upstream(port);
  auto response = call(client, request("GET", "/echo/second"));
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(upstream_->stats().connections_total, 1u);
}

TEST_F(UpstreamClientTest, ARequestSentOnAConnectionThatThenClosesIsNotSentAgain) {
  UpstreamClient client;
  ASSERT_TRUE(call(client, request("GET", "/echo/first")));  // a kept-alive connection
  auto sent = request("POST", "/drop");
  sent.body = "not idempotent";
  auto response = call(client, sent);
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().code, Errc::transient);
  EXPECT_NE(response.error().message.find("closed while reading the response"), std::string::npos)
      << response.error().message;
  EXPECT_EQ(drops_.load(), 1);
  EXPECT_TRUE(call(client, request("GET", "/echo/after")));  // on a new connection
}

TEST_F(UpstreamClientTest, DestroyingTheClientFailsTheRequestsInFlight) {
  auto client = std::make_unique<UpstreamClient>();
  auto promise = std::make_shared<std::promise<Result<UpstreamResponse>>>();
  auto future = promise->get_future();
  client->send(request("GET", "/parked"), [promise](Result<UpstreamResponse> result) {
    promise->set_value(std::move(result));
  });
  ASSERT_TRUE(parked_.wait_for(1));
  client.reset();
  ASSERT_EQ(future.wait_for(30s), std::future_status::ready);
  auto response = future.get();
  ASSERT_FALSE(response);
  EXPECT_NE(response.error().message.find("stopped"), std::string::npos)
      << response.error().message;
}

}  // namespace
}  // namespace freshauth::server
