// The only translation unit that includes Beast: it is slow to compile, so the rest of the code
// sees ServerRequest/ServerResponse and a pimpl.
#include "freshauth/server/http_server.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <future>
#include <list>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <thread>
#include <vector>

#include "server/connection_counters.h"
#include "server/io_threads_impl.h"
#include "server/route_metrics.h"
#include "server/unix_socket_file.h"
#include "server/wire_format.h"

namespace freshauth::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using local_stream = asio::local::stream_protocol;

// Whether answers may still reach the connections. A Responder may be called from any thread at
// any time, even while the server is destroyed: it holds this shared, so the server's stop() (which
// clears it exclusively once the workers are gone) never destroys the I/O context under it.
struct Serving {
  std::shared_mutex mutex;
  bool on = true;
};

struct Shared {
  const HttpServerOptions& options;
  const Router& router;
  ConnectionCounters& counters;
  RouteMetrics& route_metrics;
  std::shared_ptr<Serving> serving;
};

std::optional<ServerResponse> built_in(const Shared& shared, const ServerRequest& request) {
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

ServerRequest to_server_request(const http::request<http::string_body>& message,
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
  request.body = message.body();
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

// What stop() asks of every connection, whatever its socket.
class StoppableConnection {
 public:
  virtual ~StoppableConnection() = default;
  virtual void request_stop() = 0;
  virtual void force_close() = 0;
};

// One connection on a TCP or Unix socket (Protocol): the same reading, handling and writing.
template <class Protocol>
class Connection final : public StoppableConnection,
                         public std::enable_shared_from_this<Connection<Protocol>> {
 public:
  using std::enable_shared_from_this<Connection>::shared_from_this;
  using std::enable_shared_from_this<Connection>::weak_from_this;

  Connection(typename Protocol::socket socket, const Shared& shared)
      : stream_(std::move(socket)), response_timer_(stream_.get_executor()), shared_(shared) {
    shared_.counters.opened();
    remote_ = prepare_and_name_peer(stream_.socket());
  }
  ~Connection() override { shared_.counters.closed(); }

  void start() {
    asio::dispatch(stream_.get_executor(),
                   [self = shared_from_this()] { self->read_header(true); });
  }

  // Idle connections close now; a request in progress is answered, then the connection closes.
  void request_stop() override {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      self->stopping_ = true;
      if (self->reading_) self->stream_.cancel();
    });
  }

  // The grace period is over: whatever the connection was doing (most likely waiting for an
  // asynchronous handler), it closes now, so that its client sees it instead of its own timeout.
  void force_close() override {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      self->stopping_ = true;
      self->awaiting_ = false;
      self->response_timer_.cancel();
      self->close();
    });
  }

 private:
  void read_header(bool first) {
    if (stopping_) return close();
    parser_.emplace();
    parser_->body_limit(shared_.options.body_limit);
    parser_->header_limit(static_cast<std::uint32_t>(shared_.options.header_limit));
    reading_ = true;
    stream_.expires_after(first ? shared_.options.header_timeout : shared_.options.idle_timeout);
    http::async_read_header(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
  }

  void on_header(beast::error_code ec) {
    if (ec) return fail(ec);
    const auto length = parser_->content_length();
    if (length && *length > shared_.options.body_limit) {
      return refuse(json_error(413, "PayloadTooLarge", "the request body is too large"));
    }
    stream_.expires_after(shared_.options.body_timeout);
    if (parser_->get()[http::field::expect] == "100-continue") {
      static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      asio::async_write(stream_, asio::buffer(kContinue),
                        [self = shared_from_this()](beast::error_code write_ec, std::size_t) {
                          if (write_ec) return self->close();
                          self->read_body();
                        });
      return;
    }
    read_body();
  }

  void read_body() {
    http::async_read(stream_, buffer_, *parser_,
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
    const auto& message = parser_->get();
    keep_alive_ = message.keep_alive();
    ServerRequest request = to_server_request(message, remote_);
    method_ = request.method;
    path_ = request.path;
    if (auto response = built_in(shared_, request)) return answer(exchange, std::move(*response));
    response_timer_.expires_after(shared_.options.response_timeout);
    response_timer_.async_wait([self = shared_from_this(), exchange](beast::error_code ec) {
      if (ec) return;
      self->answer(exchange, json_error(504, "timeout", "the handler did not answer in time"));
    });
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
      asio::dispatch(self->stream_.get_executor(),
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
    response_timer_.cancel();
    const int status = response.drop_connection ? 0 : response.status;
    shared_.counters.answered(status);
    const std::string route = RouteMetrics::route_label(shared_.router, path_);
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
    stream_.expires_after(shared_.options.body_timeout);
    asio::async_write(
        stream_,
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
    stream_.expires_after(shared_.options.body_timeout);
    asio::async_write(
        stream_, asio::buffer(*bytes),
        [self = shared_from_this(), bytes](beast::error_code, std::size_t) { self->close(); });
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(asio::socket_base::shutdown_both, ignored);
    stream_.close();
  }

  beast::basic_stream<Protocol> stream_;
  asio::steady_timer response_timer_;
  const Shared& shared_;
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

class HttpServer::Impl {
 public:
  Impl(HttpServerOptions options, Router router)
      : options_(std::move(options)),
        router_(std::move(router)),
        shared_{options_, router_, counters_, route_metrics_, std::make_shared<Serving>()},
        own_io_(options_.io ? nullptr
                            : std::make_unique<asio::io_context>(std::max(1, options_.threads))),
        io_(options_.io ? options_.io->impl().io() : *own_io_),
        acceptor_(asio::make_strand(io_)),
        unix_acceptor_(acceptor_.get_executor()),  // one strand: stop() closes both
        unix_socket_file_(options_.unix_socket) {}

  Result<void> listen() {
    if (acceptor_.is_open() || unix_acceptor_.is_open()) return {};
    if (!options_.unix_socket.empty()) return listen_on_unix_socket();
    beast::error_code ec;
    const auto address = asio::ip::make_address(options_.host, ec);
    if (ec) return Error{Errc::invalid_argument, "listen: not an IP address: " + options_.host, {}};
    const tcp::endpoint endpoint{address, options_.port};
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec)
      return Error{Errc::invalid_argument, "listen on " + options_.host + ": " + ec.message(), {}};
    port_ = acceptor_.local_endpoint().port();
    return {};
  }

  Result<void> start() {
    if (auto listening = listen(); !listening) return listening;
    if (serving_) return {};
    serving_ = true;
    if (unix_acceptor_.is_open()) {
      accept(unix_acceptor_);
    } else {
      accept(acceptor_);
    }
    if (own_io_) {
      for (int i = 0; i < std::max(1, options_.threads); ++i)
        workers_.emplace_back([this] { io_.run(); });
    }
    return {};
  }

  std::uint16_t port() const { return port_; }

  void stop() {
    if (!serving_) {
      close_listening_sockets();
      return;
    }
    serving_ = false;
    // Wait for the close: io_.stop() below may otherwise drop it, and a listening socket left
    // open accepts into its backlog, so clients hang until their timeout instead of failing.
    std::promise<void> closed;
    asio::post(acceptor_.get_executor(), [this, &closed] {
      close_listening_sockets();
      closed.set_value();
    });
    closed.get_future().wait();
    // On shared threads nothing is destroyed with the context: the aborted accept must have run
    // before this object may go.
    accept_ended_.get_future().wait();
    {
      std::lock_guard lock{mutex_};
      for (auto& weak : connections_) {
        if (auto connection = weak.lock()) connection->request_stop();
      }
    }
    const auto deadline = std::chrono::steady_clock::now() + options_.stop_grace;
    while (counters_.open() > 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds{2});
    }
    if (counters_.open() > 0) {
      {
        std::lock_guard lock{mutex_};
        for (auto& weak : connections_) {
          if (auto connection = weak.lock()) connection->force_close();
        }
      }
      // Closing takes one turn of the workers; the bound only guards against a stuck one.
      const auto closing_deadline = std::chrono::steady_clock::now() + std::chrono::seconds{1};
      while (counters_.open() > 0 && std::chrono::steady_clock::now() < closing_deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds{2});
      }
    }
    if (own_io_) {
      io_.stop();
      for (auto& worker : workers_) worker.join();
      workers_.clear();
    } else {
      // Every connection runs on the shared threads and points at this object: all must be gone.
      // They are, one turn of those threads after force_close(); the bound guards a stuck one.
      const auto gone_deadline = std::chrono::steady_clock::now() + std::chrono::seconds{5};
      while (counters_.open() > 0 && std::chrono::steady_clock::now() < gone_deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds{2});
      }
    }
    // Responders called from now on are ignored; connections still waiting for one are destroyed
    // with the I/O context.
    const std::unique_lock lock{shared_.serving->mutex};
    shared_.serving->on = false;
  }

  ServerStats stats() const { return counters_.snapshot(); }

 private:
  // Binds with the file's mode narrowed first and listens only once the file is 0600: there is no
  // moment at which another user could connect.
  Result<void> listen_on_unix_socket() {
    if (auto cleared = unix_socket_file_.clear_stale(); !cleared) return cleared;
    const local_stream::endpoint endpoint{options_.unix_socket};
    beast::error_code ec;
    unix_acceptor_.open(endpoint.protocol(), ec);
    if (!ec) UnixSocketFile::narrow_mode_before_bind(unix_acceptor_.native_handle());
    if (!ec) unix_acceptor_.bind(endpoint, ec);
    if (ec) {
      unix_acceptor_.close(ec);
      return Error{Errc::invalid_argument,
                   "listen on unix:" + options_.unix_socket + ": " + ec.message(),
                   {}};
    }
    if (auto claimed = unix_socket_file_.claim(); !claimed) {
      unix_acceptor_.close(ec);
      return claimed;
    }
    unix_acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      close_listening_sockets();
      return Error{Errc::invalid_argument,
                   "listen on unix:" + options_.unix_socket + ": " + ec.message(),
                   {}};
    }
    return {};
  }

  void close_listening_sockets() {
    beast::error_code ignored;
    acceptor_.close(ignored);
    unix_acceptor_.close(ignored);
    unix_socket_file_.remove();
  }

  template <class Acceptor>
  void accept(Acceptor& acceptor) {
    using Protocol = typename Acceptor::protocol_type;
    acceptor.async_accept(
        connection_executor(),
        [this, &acceptor](beast::error_code ec, typename Protocol::socket socket) {
          if (ec == asio::error::operation_aborted || !acceptor.is_open()) {
            return accept_ended_.set_value();
          }
          if (!ec) {
            auto connection = std::make_shared<Connection<Protocol>>(std::move(socket), shared_);
            track(connection);
            connection->start();
          }
          accept(acceptor);
        });
  }

  // A strand only where several threads run the context: on one, it is pure overhead.
  asio::any_io_executor connection_executor() {
    const int threads = options_.io ? options_.io->size() : std::max(1, options_.threads);
    if (threads == 1) return io_.get_executor();
    return asio::make_strand(io_);
  }

  void track(const std::shared_ptr<StoppableConnection>& connection) {
    std::lock_guard lock{mutex_};
    connections_.remove_if([](const auto& weak) { return weak.expired(); });
    connections_.push_back(connection);
  }

  HttpServerOptions options_;
  Router router_;
  ConnectionCounters counters_;
  RouteMetrics route_metrics_;
  Shared shared_;
  std::mutex mutex_;
  std::list<std::weak_ptr<StoppableConnection>> connections_;
  // Declared after everything connections use: destroying the context destroys them first.
  std::unique_ptr<asio::io_context> own_io_;  // none on shared threads (HttpServerOptions::io)
  asio::io_context& io_;
  tcp::acceptor acceptor_;
  local_stream::acceptor unix_acceptor_;  // instead of acceptor_ when options_.unix_socket is set
  UnixSocketFile unix_socket_file_;
  std::promise<void> accept_ended_;
  bool serving_ = false;
  std::vector<std::thread> workers_;
  std::uint16_t port_ = 0;
};

HttpServer::HttpServer(HttpServerOptions options, Router router)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(router))) {}
HttpServer::~HttpServer() { impl_->stop(); }
Result<void> HttpServer::listen() { return impl_->listen(); }
Result<void> HttpServer::start() { return impl_->start(); }
std::uint16_t HttpServer::port() const { return impl_->port(); }
void HttpServer::stop() { impl_->stop(); }
ServerStats HttpServer::stats() const { return impl_->stats(); }

}  // namespace freshauth::server
