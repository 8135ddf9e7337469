#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "freshauth/server/http_server.h"
#include "freshauth/server/json_body.h"
#include "server/parked_responders.h"
#include "support/temp_dir.h"
#include "support/unix_socket_client.h"

namespace freshauth::server {
namespace {

using namespace std::chrono_literals;

bool is_socket_file(const std::filesystem::path& path) {
  struct stat info {};
  return ::lstat(path.c_str(), &info) == 0 && S_ISSOCK(info.st_mode);
}

// What a process that died leaves behind: a socket file nobody accepts on.
void leave_stale_socket(const std::filesystem::path& path) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
  ASSERT_EQ(::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address), 0);
  ::close(fd);
  ASSERT_TRUE(is_socket_file(path));
}

class HttpServerUnixSocketTest : public ::testing::Test {
 protected:
  HttpServerOptions options_on_socket() {
    HttpServerOptions options;
    options.unix_socket = socket_path_.string();
    return options;
  }
  void start(HttpServerOptions options, Router router = {}) {
    server_ = std::make_unique<HttpServer>(std::move(options), std::move(router));
    ASSERT_TRUE(server_->start().ok());
  }

  testing::TempDir dir_;
  std::filesystem::path socket_path_ = dir_ / "gateway.sock";
  std::unique_ptr<HttpServer> server_;
};

TEST_F(HttpServerUnixSocketTest, AnswersOnTheSocketWithKeepAliveAndHasNoPort) {
  Router router;
  router.add("POST", "/echo", [](const ServerRequest& request) {
    return json_response(200, {{"got", nlohmann::json::parse(request.body)}});
  });
  start(options_on_socket(), std::move(router));
  EXPECT_EQ(server_->port(), 0);
  testing::UnixSocketClient client{socket_path_.string()};
  for (int i = 0; i < 3; ++i) {
    const auto response =
        client.send("POST", "/echo", R"({"a":1})", {"Content-Type: application/json"});
    ASSERT_EQ(response.status, 200) << response.error;
    EXPECT_EQ(nlohmann::json::parse(response.body)["got"]["a"], 1);
  }
  EXPECT_EQ(server_->stats().connections_total, 1U);
  EXPECT_EQ(client.get("/healthz").status, 200);
  const auto metrics = client.get("/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("freshauth_http_connections_total"), std::string::npos)
      << metrics.body;
}

TEST_F(HttpServerUnixSocketTest, LimitsApplyAsOnTcp) {
  HttpServerOptions options = options_on_socket();
  options.body_limit = 16;
  Router router;
  router.add("POST", "/echo", [](const ServerRequest&) { return json_response(200, {}); });
  start(options, std::move(router));
  testing::UnixSocketClient client{socket_path_.string()};
  EXPECT_EQ(client.send("POST", "/echo", std::string(17, 'x')).status, 413);
  EXPECT_EQ(client.send("POST", "/echo", std::string(16, 'x')).status, 200);
}

TEST_F(HttpServerUnixSocketTest, AsynchronousAnswersFromAnotherThreadAndTheAccessLogSaysUnix) {
  testing::ParkedResponders parked;
  Router router;
  router.add_async("GET", "/later", parked.handler());
  std::mutex logged_mutex;
  std::vector<AccessLogEntry> logged;
  HttpServerOptions options = options_on_socket();
  options.access_log = [&](const AccessLogEntry& entry) {
    const std::lock_guard lock{logged_mutex};
    logged.push_back(entry);
  };
  start(options, std::move(router));
  testing::UnixSocketClient client{socket_path_.string()};
  auto answer = std::async(std::launch::async, [&client] { return client.get("/later"); });
  ASSERT_TRUE(parked.wait_for(1));
  std::thread{[respond = parked.take().at(0)] {
    respond(json_response(200, {{"from", "another thread"}}));
  }}.join();
  ASSERT_EQ(answer.wait_for(30s), std::future_status::ready);
  const auto response = answer.get();
  ASSERT_EQ(response.status, 200) << response.error;
  EXPECT_EQ(nlohmann::json::parse(response.body)["from"], "another thread");
  server_->stop();
  const std::lock_guard lock{logged_mutex};
  ASSERT_EQ(logged.size(), 1U);
  EXPECT_EQ(logged[0].remote_address, "unix");
  EXPECT_EQ(logged[0].path, "/later");
}

TEST_F(HttpServerUnixSocketTest, TheSocketFileIsOwnerOnlyAsSoonAsItListens) {
  HttpServer server{options_on_socket(), Router{}};
  ASSERT_TRUE(server.listen().ok());  // bound and listening, not serving yet
  ASSERT_TRUE(is_socket_file(socket_path_));
  EXPECT_EQ(testing::mode_of(socket_path_), 0600);
}

TEST_F(HttpServerUnixSocketTest, StopRemovesTheSocketFile) {
  start(options_on_socket());
  ASSERT_TRUE(is_socket_file(socket_path_));
  server_->stop();
  EXPECT_FALSE(std::filesystem::exists(socket_path_));
  testing::UnixSocketClient client{socket_path_.string(), 5s};
  EXPECT_EQ(client.get("/healthz").status, 0);
}

TEST_F(HttpServerUnixSocketTest, AServerThatOnlyListenedRemovesTheFileToo) {
  {
    HttpServer server{options_on_socket(), Router{}};
    ASSERT_TRUE(server.listen().ok());
    ASSERT_TRUE(is_socket_file(socket_path_));
  }
  EXPECT_FALSE(std::filesystem::exists(socket_path_));
}

TEST_F(HttpServerUnixSocketTest, AStaleSocketLeftByADeadProcessIsReplaced) {
  leave_stale_socket(socket_path_);
  start(options_on_socket());
  testing::UnixSocketClient client{socket_path_.string()};
  EXPECT_EQ(client.get("/healthz").status, 200);
  EXPECT_EQ(testing::mode_of(socket_path_), 0600);
}

TEST_F(HttpServerUnixSocketTest, ASocketAnotherServerAcceptsOnIsRefusedAndKept) {
  start(options_on_socket());
  HttpServer second{options_on_socket(), Router{}};
  const auto started = second.start();
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.error().code, Errc::invalid_argument);
  EXPECT_NE(started.error().message.find("another server is listening"), std::string::npos)
      << started.error().message;
  second.stop();
  testing::UnixSocketClient client{socket_path_.string()};
  EXPECT_EQ(client.get("/healthz").status, 200);
}

TEST_F(HttpServerUnixSocketTest, ARegularFileAtThePathIsRefusedAndLeftIntact) {
  testing::write_file(socket_path_, "the user's data", 0644);
  {
    HttpServer server{options_on_socket(), Router{}};
    const auto started = server.start();
    ASSERT_FALSE(started.ok());
    EXPECT_EQ(started.error().code, Errc::invalid_argument);
    EXPECT_NE(started.error().message.find("is not a socket"), std::string::npos)
        << started.error().message;
  }
  EXPECT_EQ(testing::read_file(socket_path_), "the user's data");
  EXPECT_EQ(testing::mode_of(socket_path_), 0644);
}

TEST_F(HttpServerUnixSocketTest, APathTooLongForASocketAddressIsRefused) {
  HttpServerOptions options;
  options.unix_socket = (dir_ / std::string(sizeof(sockaddr_un{}.sun_path), 'x')).string();
  HttpServer server{options, Router{}};
  const auto started = server.start();
  ASSERT_FALSE(started.ok());
  EXPECT_NE(started.error().message.find("longer than"), std::string::npos)
      << started.error().message;
}

}  // namespace
}  // namespace freshauth::server
