// One of the two translation units that include Beast (with upstream_client.cc): it is slow to
// compile, so the rest of the code sees ServerRequest/ServerResponse and HttpConnection.
#include "server/http_connection.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <optional>
#include <string>

#include "server/watchdog.h"
#include "server/wire_format.h"

namespace freshauth::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using local_stream = asio::local::stream_protocol;

std::optional<ServerResponse> built_in(const ServerShared& shared, const ServerRequest& request) {
  if (request.method == "GET" && request.path == "/healthz") {
    return json_response(200, {{"status", "ok"}});
  }
  if (request.method == "GET" && request.path == "/metrics") {
    ServerResponse metrics;
    metrics.body = shared.route_metrics.render(shared.counters.snapshot());
    if (shared.options.extra_metrics) metrics.body += shared.options.extra_metrics();
    metrics.set_header("Content-Type", std::string{metrics::kPrometheusContentType});
    return metrics;
  }
  return std::nullopt;
}

ServerRequest to_server_request(http::request<http::string_body>& message,
                                std::string remote_address) {
  ServerRequest request;
  request.method = std::string{message.method_string()};
  request.target = std::string{message.target()};
  const auto question = request.target.find('?');
  request.path = request.target.substr(0, question);
  if (question != std::string::npos) request.query = request.target.substr(question + 1);
  for (const auto& field : message) {
    request.headers.emplace(std::string{field.name_string()}, std::string{field.value()});
  }
  request.body = std::move(message.body());
  request.remote_address = std::move(remote_address);
  return request;
}

// What differs between the kinds of socket a connection runs on: their setup and the peer's name.
std::string prepare_and_name_peer(tcp::socket& socket) {
  beast::error_code ignored;
  // Small JSON answers: do not let Nagle hold them back waiting for the client's ACK.
  socket.set_option(tcp::no_delay(true), ignored);
  return socket.remote_endpoint(ignored).address().to_string();
}

std::string prepare_and_name_peer(local_stream::socket& /*socket*/) { return "unix"; }

// One connection on a TCP or Unix socket (Protocol): the same reading, handling and writing.
template <class Protocol>
class Connection final : public HttpConnection,
                         public std::enable_shared_from_this<Connection<Protocol>> {
 public:
  using std::enable_shared_from_this<Connection>::shared_from_this;
  using std::enable_shared_from_this<Connection>::weak_from_this;

  Connection(typename Protocol::socket socket, const ServerShared& shared)
      : socket_(std::move(socket)),
        watchdog_(
            socket_.get_executor(),
            Watchdog::slack_for({shared.options.header_timeout, shared.options.body_timeout,
                                 shared.options.idle_timeout, shared.options.response_timeout})),
        shared_(shared) {
    shared_.counters.opened();
    remote_ = prepare_and_name_peer(socket_);
  }
  ~Connection() override { shared_.counters.closed(); }

  void start() override {
    asio::dispatch(socket_.get_executor(),
                   [self = shared_from_this()] { self->read_header(true); });
  }

  // Idle connections close now; a request in progress is answered, then the connection closes.
  void request_stop() override {
    asio::post(socket_.get_executor(), [self = shared_from_this()] {
      self->stopping_ = true;
      if (self->reading_) {
        beast::error_code ignored;
        self->socket_.cancel(ignored);
      }
    });
  }

  // The grace period is over: whatever the connection was doing (most likely waiting for an
  // asynchronous handler), it closes now, so that its client sees it instead of its own timeout.
  void force_close() override {
    asio::post(socket_.get_executor(), [self = shared_from_this()] {
      self->stopping_ = true;
      self->awaiting_ = false;
      self->close();
    });
  }

  // The watchdog's: what the connection waited for took too long.
  void on_deadline() {
    if (awaiting_) {
      return answer(exchange_, json_error(504, "timeout", "the handler did not answer in time"));
    }
    close();  // a request, a body or a write too slow: the pending operation fails and stops
  }

 private:
  void read_header(bool first) {
    if (stopping_) return close();
    parser_.emplace();
    parser_->body_limit(shared_.options.body_limit);
    parser_->header_limit(static_cast<std::uint32_t>(shared_.options.header_limit));
    reading_ = true;
    expect_within(first ? shared_.options.header_timeout : shared_.options.idle_timeout);
    http::async_read_header(
        socket_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
  }

  void on_header(beast::error_code ec) {
    if (ec) return fail(ec);
    const auto length = parser_->content_length();
    if (length && *length > shared_.options.body_limit) {
      return refuse(json_error(413, "PayloadTooLarge", "the request body is too large"));
    }
    if (parser_->is_done()) {  // no body: no second read, which would only post its completion
      reading_ = false;
      return handle();
    }
    expect_within(shared_.options.body_timeout);
    if (parser_->get()[http::field::expect] == "100-continue") {
      static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      asio::async_write(socket_, asio::buffer(kContinue),
                        [self = shared_from_this()](beast::error_code write_ec, std::size_t) {
                          if (write_ec) return self->close();
                          self->read_body();
                        });
      return;
    }
    read_body();
  }

  void read_body() {
    http::async_read(socket_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) {
                       self->reading_ = false;
                       if (ec) return self->fail(ec);
                       self->handle();
                     });
  }

  void fail(beast::error_code ec) {
    reading_ = false;
    if (ec == http::error::body_limit) {
      return refuse(json_error(413, "PayloadTooLarge", "the request body is too large"));
    }
    if (ec == http::error::header_limit) {
      return refuse(json_error(431, "HeadersTooLarge", "the request headers are too large"));
    }
    if (ec.category() == beast::error_code{http::error::end_of_stream}.category() &&
        ec != http::error::end_of_stream && ec != http::error::partial_message) {
      return refuse(json_error(400, "BadRequest", "malformed HTTP request"));
    }
    close();  // timeout, reset, end of stream, stop
  }

  // The request is handed over; the connection reads nothing more until answer() for it.
  void handle() {
    started_ = std::chrono::steady_clock::now();
    awaiting_ = true;
    const std::uint64_t exchange = ++exchange_;
    auto& message = parser_->get();
    keep_alive_ = message.keep_alive();
    ServerRequest request = to_server_request(message, remote_);
    method_ = request.method;
    path_ = request.path;
    if (auto response = built_in(shared_, request)) return answer(exchange, std::move(*response));
    expect_within(shared_.options.response_timeout);
    shared_.router.dispatch_async(std::move(request), responder(exchange));
  }

  Responder responder(std::uint64_t exchange) {
    return [weak = weak_from_this(), serving = shared_.serving, exchange,
            answered = std::make_shared<std::atomic<bool>>(false)](ServerResponse response) {
      if (answered->exchange(true)) return;
      const std::shared_lock lock{serving->mutex};
      if (!serving->on) return;
      auto self = weak.lock();
      if (!self) return;
      asio::dispatch(self->socket_.get_executor(),
                     [self, exchange, response = std::move(response)]() mutable {
                       self->answer(exchange, std::move(response));
                     });
    };
  }

  // On the strand. Only the first answer to the request in progress counts (the handler's, or
  // the timeout's).
  void answer(std::uint64_t exchange, ServerResponse response) {
    if (!awaiting_ || exchange != exchange_) return;
    awaiting_ = false;
    watchdog_.relax();
    const int status = response.drop_connection ? 0 : response.status;
    shared_.counters.answered(status);
    const std::string_view route = RouteMetrics::route_label(shared_.router, path_);
    shared_.route_metrics.record(route, method_, status);
    const auto took = std::chrono::steady_clock::now() - started_;
    shared_.route_metrics.observe_latency(route, took);
    if (shared_.options.access_log) {
      shared_.options.access_log({remote_, method_, path_, status,
                                  std::chrono::duration_cast<std::chrono::microseconds>(took)});
    }
    if (response.drop_connection) return close();
    if (response.cut_body_at) return write_cut(std::move(response));
    write(std::move(response), keep_alive_ && !stopping_);
  }

  void refuse(ServerResponse response) {
    shared_.counters.answered(response.status);
    // Refused before a handler ran (too large, malformed): counted, not timed.
    const auto& message = parser_->get();
    const std::string_view target{message.target().data(), message.target().size()};
    shared_.route_metrics.record(
        RouteMetrics::route_label(shared_.router, target.substr(0, target.find('?'))),
        std::string_view{message.method_string().data(), message.method_string().size()},
        response.status);
    write(std::move(response), false);
  }

  void write(ServerResponse response, bool keep_alive) {
    struct Wire {
      std::string head;
      std::string body;
    };
    auto wire = std::make_shared<Wire>(
        Wire{response_head(response.status, response.headers, response.body.size(), keep_alive),
             std::move(response.body)});
    expect_within(shared_.options.body_timeout);
    asio::async_write(
        socket_,
        std::array<asio::const_buffer, 2>{asio::buffer(wire->head), asio::buffer(wire->body)},
        [self = shared_from_this(), wire, keep_alive](beast::error_code ec, std::size_t) {
          if (ec || !keep_alive) return self->close();
          self->read_header(false);
        });
  }

  // The headers and the start of the body as announced, then a close: a transfer cut short.
  void write_cut(ServerResponse response) {
    const std::size_t sent = std::min(*response.cut_body_at, response.body.size());
    auto bytes = std::make_shared<std::string>(
        response_head(response.status, response.headers, response.body.size(), false));
    bytes->append(response.body, 0, sent);
    expect_within(shared_.options.body_timeout);
    asio::async_write(
        socket_, asio::buffer(*bytes),
        [self = shared_from_this(), bytes](beast::error_code, std::size_t) { self->close(); });
  }

  void expect_within(std::chrono::milliseconds timeout) {
    watchdog_.expect(std::chrono::steady_clock::now() + timeout, shared_from_this());
  }

  void close() {
    watchdog_.stop();
    beast::error_code ignored;
    socket_.shutdown(asio::socket_base::shutdown_both, ignored);
    socket_.close(ignored);
  }

  typename Protocol::socket socket_;
  Watchdog watchdog_;
  const ServerShared& shared_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::string remote_;
  bool reading_ = false;
  bool stopping_ = false;
  // The request in progress, between handle() and answer().
  bool awaiting_ = false;
  std::uint64_t exchange_ = 0;
  bool keep_alive_ = false;
  std::string method_;
  std::string path_;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace

std::shared_ptr<HttpConnection> make_http_connection(tcp::socket socket,
                                                     const ServerShared& shared) {
  return std::make_shared<Connection<tcp>>(std::move(socket), shared);
}

std::shared_ptr<HttpConnection> make_http_connection(local_stream::socket socket,
                                                     const ServerShared& shared) {
  return std::make_shared<Connection<local_stream>>(std::move(socket), shared);
}

}  // namespace freshauth::server
