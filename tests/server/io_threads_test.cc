#include "freshauth/server/io_threads.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "freshauth/server/http_server.h"
#include "freshauth/server/router.h"
#include "freshauth/server/upstream_client.h"
#include "server/parked_responders.h"
#include "support/http_probe.h"

namespace freshauth::server {
namespace {

using namespace std::chrono_literals;

// Thread ids seen at the steps of a proxied request.
class SeenThreads {
 public:
  void saw() {
    const std::lock_guard lock{mutex_};
    ids_.insert(std::this_thread::get_id());
  }
  std::set<std::thread::id> ids() {
    const std::lock_guard lock{mutex_};
    return ids_;
  }

 private:
  std::mutex mutex_;
  std::set<std::thread::id> ids_;
};

class IoThreadsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Router upstream_routes;
    upstream_routes.add("GET", "/api/ping",
                        [](const ServerRequest&) { return json_response(200, {{"ok", true}}); });
    upstream_routes.add_async("GET", "/api/parked", parked_.handler());
    upstream_ = std::make_unique<HttpServer>(HttpServerOptions{}, std::move(upstream_routes));
    ASSERT_TRUE(upstream_->start().ok());
  }
  void TearDown() override {
    for (auto& respond : parked_.take()) respond(no_content());
  }

  // A front server forwarding /api/ to the upstream with `client`, recording its threads.
  Router proxy_routes(std::shared_ptr<UpstreamClient> client) {
    Router router;
    router.add_prefix("GET", "/api/", [this, client](ServerRequest request, Responder respond) {
      seen_.saw();
      UpstreamRequest outgoing;
      outgoing.host = "127.0.0.1";
      outgoing.port = upstream_->port();
      outgoing.target = request.target;
      client->send(std::move(outgoing), [this, respond](Result<UpstreamResponse> response) {
        seen_.saw();
        if (!response) return respond(json_error(502, "upstream", response.error().message));
        ServerResponse relayed;
        relayed.status = response->status;
        relayed.body = response->body;
        respond(std::move(relayed));
      });
    });
    return router;
  }

  testing::ParkedResponders parked_;
  std::unique_ptr<HttpServer> upstream_;
  SeenThreads seen_;
};

TEST_F(IoThreadsTest, AProxiedRequestStaysOnTheSharedThreadFromArrivalToAnswer) {
  auto threads = std::make_shared<IoThreads>(1);
  UpstreamClientOptions client_options;
  client_options.io = threads;
  auto client = std::make_shared<UpstreamClient>(client_options);
  HttpServerOptions front_options;
  front_options.io = threads;
  HttpServer front{front_options, proxy_routes(client)};
  ASSERT_TRUE(front.start().ok());

  std::vector<std::thread> callers;
  std::atomic<int> answered{0};
  for (int t = 0; t < 4; ++t) {
    callers.emplace_back([&] {
      testing::HttpProbe probe{"http://127.0.0.1:" + std::to_string(front.port())};
      for (int i = 0; i < 25; ++i) {
        auto response = probe.get("/api/ping");
        if (response && response->status == 200) ++answered;
      }
    });
  }
  for (auto& caller : callers) caller.join();
  EXPECT_EQ(answered.load(), 100);
  // The handler and every upstream answer ran on the one shared thread.
  EXPECT_EQ(seen_.ids().size(), 1U);
  EXPECT_EQ(threads->size(), 1);
  front.stop();
}

TEST_F(IoThreadsTest, AClientOnSharedThreadsFailsWhatIsInFlightWhenDestroyed) {
  auto threads = std::make_shared<IoThreads>(2);
  UpstreamClientOptions client_options;
  client_options.io = threads;
  auto client = std::make_unique<UpstreamClient>(client_options);
  std::promise<Result<UpstreamResponse>> heard;
  UpstreamRequest request;
  request.host = "127.0.0.1";
  request.port = upstream_->port();
  request.target = "/api/parked";
  client->send(std::move(request),
               [&heard](Result<UpstreamResponse> response) { heard.set_value(std::move(response)); });
  ASSERT_TRUE(parked_.wait_for(1));
  client.reset();  // waits for the aborted exchange's answer
  auto future = heard.get_future();
  ASSERT_EQ(future.wait_for(0s), std::future_status::ready);
  const auto response = future.get();
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, Errc::transient);
}

TEST_F(IoThreadsTest, AServerStoppedOnSharedThreadsLeavesThemToTheNextOne) {
  auto threads = std::make_shared<IoThreads>(1);
  UpstreamClientOptions client_options;
  client_options.io = threads;
  auto client = std::make_shared<UpstreamClient>(client_options);
  HttpServerOptions front_options;
  front_options.io = threads;
  front_options.stop_grace = 100ms;
  {
    HttpServer first{front_options, proxy_routes(client)};
    ASSERT_TRUE(first.start().ok());
    // A request waits at the upstream while the server stops: the stop closes it.
    std::thread caller([&] {
      testing::HttpProbe probe{"http://127.0.0.1:" + std::to_string(first.port())};
      (void)probe.get("/api/parked");
    });
    ASSERT_TRUE(parked_.wait_for(1));
    first.stop();
    caller.join();
  }
  // Its late answer reaches nobody, and the threads serve the next server.
  for (auto& respond : parked_.take()) respond(no_content());
  HttpServer second{front_options, proxy_routes(client)};
  ASSERT_TRUE(second.start().ok());
  testing::HttpProbe probe{"http://127.0.0.1:" + std::to_string(second.port())};
  auto response = probe.get("/api/ping");
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 200);
  second.stop();
}

}  // namespace
}  // namespace freshauth::server
