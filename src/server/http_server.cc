// The listening side of HttpServer: the TCP or Unix socket it accepts on, the threads that run
// its connections (its own, or shared IoThreads), and the stop that lets them finish. Each
// accepted socket becomes an HttpConnection (http_connection.h), which does the HTTP.
#include "freshauth/server/http_server.h"

#include <algorithm>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/strand.hpp>
#include <future>
#include <list>
#include <mutex>
#include <thread>
#include <vector>

#include "server/connection_counters.h"
#include "server/http_connection.h"
#include "server/io_threads_impl.h"
#include "server/route_metrics.h"
#include "server/unix_socket_file.h"

namespace freshauth::server {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using local_stream = asio::local::stream_protocol;

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
    boost::system::error_code ec;
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
    boost::system::error_code ec;
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
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    unix_acceptor_.close(ignored);
    unix_socket_file_.remove();
  }

  template <class Acceptor>
  void accept(Acceptor& acceptor) {
    using Protocol = typename Acceptor::protocol_type;
    acceptor.async_accept(
        connection_executor(),
        [this, &acceptor](boost::system::error_code ec, typename Protocol::socket socket) {
          if (ec == asio::error::operation_aborted || !acceptor.is_open()) {
            return accept_ended_.set_value();
          }
          if (!ec) {
            auto connection = make_http_connection(std::move(socket), shared_);
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

  void track(const std::shared_ptr<HttpConnection>& connection) {
    std::lock_guard lock{mutex_};
    connections_.remove_if([](const auto& weak) { return weak.expired(); });
    connections_.push_back(connection);
  }

  HttpServerOptions options_;
  Router router_;
  ConnectionCounters counters_;
  RouteMetrics route_metrics_;
  ServerShared shared_;
  std::mutex mutex_;
  std::list<std::weak_ptr<HttpConnection>> connections_;
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
