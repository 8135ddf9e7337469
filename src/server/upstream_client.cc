// The other translation unit that includes Beast (with http_connection.cc): the client side.
#include "freshauth/server/upstream_client.h"

#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cerrno>
#include <condition_variable>
#include <deque>
#include <list>
#include <map>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include "server/io_threads_impl.h"
#include "server/watchdog.h"
#include "server/wire_format.h"

namespace freshauth::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

using HostKey = std::pair<std::string, std::uint16_t>;

Error transient(const HostKey& key, const std::string& what) {
  return {Errc::transient,
          "upstream " + key.first + ":" + std::to_string(key.second) + ": " + what,
          {}};
}

std::string milliseconds(std::chrono::milliseconds duration) {
  return std::to_string(duration.count()) + " ms";
}

// The Host header's value for a request that has none.
std::string host_for(const UpstreamRequest& request) {
  const bool ipv6 = request.host.find(':') != std::string::npos;
  std::string host = ipv6 ? "[" + request.host + "]" : request.host;
  if (request.port != 80) host += ":" + std::to_string(request.port);
  return host;
}

struct Exchange {
  HostKey key;
  UpstreamRequest request;
  UpstreamClient::Done done;
  bool retried = false;  ///< already moved once to a fresh connection
};

void deliver(UpstreamClient::Done& done, Result<UpstreamResponse> result) {
  try {
    done(std::move(result));
  } catch (const std::exception&) {
    // A throwing callback must not take an I/O thread, and every request behind it, down.
  }
}

}  // namespace

class UpstreamConnection;

// The client's state: a pool of connections per host. Every connection holds it shared, so it
// lives until the last one is gone, whichever thread that happens on.
class UpstreamPool : public std::enable_shared_from_this<UpstreamPool> {
 public:
  using Done = UpstreamClient::Done;
  UpstreamPool(UpstreamClientOptions options, asio::io_context& io, int threads);
  UpstreamPool(const UpstreamPool&) = delete;
  UpstreamPool& operator=(const UpstreamPool&) = delete;

  void send(UpstreamRequest request, Done done);
  // Fails what waits and aborts what is in flight (their `done` hears it); nothing is sent after.
  void shut_down();
  // Whether every connection is gone by `deadline`, so every `done` has been called.
  bool wait_until_all_closed(std::chrono::steady_clock::time_point deadline);
  void connection_opened();
  void connection_gone();
  // From a connection's strand once its exchange is over.
  void release(const std::shared_ptr<UpstreamConnection>& connection, bool reusable);
  // The exchange goes to a new connection in the slot of the broken one.
  void retry_on_fresh(std::shared_ptr<Exchange> exchange);

  asio::io_context& io() { return io_; }
  // A strand only where several threads run the context: on one, it is pure overhead.
  asio::any_io_executor connection_executor() {
    if (threads_ == 1) return io_.get_executor();
    return asio::make_strand(io_);
  }
  const UpstreamClientOptions& options() const { return options_; }

 private:
  struct Pool {
    std::vector<std::shared_ptr<UpstreamConnection>> idle;  // most recently used last
    std::size_t open = 0;                                   // idle, busy and connecting
    std::deque<std::shared_ptr<Exchange>> waiting;
  };
  // Under mutex_.
  void start_on_new_connection(std::shared_ptr<Exchange> exchange);
  void fail_soon(std::shared_ptr<Exchange> exchange, Error error);

  UpstreamClientOptions options_;  // without `io`
  asio::io_context& io_;
  const int threads_;  // running io_
  std::mutex mutex_;
  bool stopping_ = false;
  std::map<HostKey, Pool> pools_;
  std::list<std::weak_ptr<UpstreamConnection>> live_;
  std::mutex count_mutex_;  // apart from mutex_: a connection may be destroyed under it
  std::condition_variable all_closed_;
  int connections_ = 0;
};

// One keep-alive connection; everything it does runs on its strand.
class UpstreamConnection : public std::enable_shared_from_this<UpstreamConnection> {
 public:
  UpstreamConnection(std::shared_ptr<UpstreamPool> client, HostKey key)
      : client_(std::move(client)),
        key_(std::move(key)),
        socket_(client_->connection_executor()),
        resolver_(socket_.get_executor()),
        watchdog_(socket_.get_executor(),
                  Watchdog::slack_for(
                      {client_->options().connect_timeout, client_->options().response_timeout})) {
    client_->connection_opened();
  }
  ~UpstreamConnection() { client_->connection_gone(); }
  UpstreamConnection(const UpstreamConnection&) = delete;
  UpstreamConnection& operator=(const UpstreamConnection&) = delete;

  const HostKey& key() const { return key_; }

  // Called by the pool before reuse (no operation is pending then): false once the server closed
  // the connection or sent something nobody asked for, which a peek sees without consuming.
  bool still_usable() {
    if (!socket_.is_open()) return false;
    char byte = 0;
    const auto peeked = ::recv(socket_.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return peeked < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }

  // On the connection's executor. Where the caller already runs there (a request handled on the
  // I/O thread that owns the connection), `at_once` skips the round through the scheduler; only
  // a caller without the pool's lock may ask it, since a failure takes that lock again.
  void run(std::shared_ptr<Exchange> exchange, bool at_once = false) {
    auto start = [self = shared_from_this(), exchange = std::move(exchange)]() mutable {
      self->begin(std::move(exchange));
    };
    if (at_once) return asio::dispatch(socket_.get_executor(), std::move(start));
    asio::post(socket_.get_executor(), std::move(start));
  }

  // Aborts what is pending: its exchange fails.
  void shut() {
    asio::post(socket_.get_executor(), [self = shared_from_this()] {
      self->shut_down_ = true;
      self->resolver_.cancel();
      self->close();
    });
  }

  // The watchdog's: the connection or the response took too long. What is pending fails.
  void on_deadline() {
    timed_out_ = true;
    resolver_.cancel();
    close();
  }

 private:
  void begin(std::shared_ptr<Exchange> exchange) {
    exchange_ = std::move(exchange);
    timed_out_ = false;
    if (shut_down_) return fail("the upstream client stopped");
    const UpstreamRequest& request = exchange_->request;
    head_ = request_head(request.method, request.target, request.headers, host_for(request),
                         request.body.size());
    if (connected_) {
      reused_ = true;
      return write();
    }
    reused_ = false;
    watchdog_.expect(std::chrono::steady_clock::now() + client_->options().connect_timeout,
                     shared_from_this());
    beast::error_code not_an_address;
    const auto address = asio::ip::make_address(key_.first, not_an_address);
    if (!not_an_address) {
      return connect(tcp::resolver::results_type::create(tcp::endpoint{address, key_.second},
                                                         key_.first, std::to_string(key_.second)));
    }
    resolve();
  }

  // Within the connect deadline: the watchdog cancels the resolver.
  void resolve() {
    resolver_.async_resolve(key_.first, std::to_string(key_.second),
                            [self = shared_from_this()](
                                beast::error_code ec, const tcp::resolver::results_type& results) {
                              if (self->timed_out_) return self->fail_to_connect_in_time();
                              if (ec) return self->fail("cannot resolve the host: " + ec.message());
                              self->connect(results);
                            });
  }

  void fail_to_connect_in_time() {
    fail("no connection within " + milliseconds(client_->options().connect_timeout));
  }

  void connect(const tcp::resolver::results_type& endpoints) {
    asio::async_connect(socket_, endpoints,
                        [self = shared_from_this()](beast::error_code ec, const tcp::endpoint&) {
                          if (self->timed_out_) return self->fail_to_connect_in_time();
                          if (ec) return self->fail("cannot connect: " + ec.message());
                          self->connected_ = true;
                          beast::error_code ignored;
                          self->socket_.set_option(tcp::no_delay(true), ignored);
                          self->write();
                        });
  }

  void write() {
    // The write and the read.
    watchdog_.expect(std::chrono::steady_clock::now() + client_->options().response_timeout,
                     shared_from_this());
    asio::async_write(socket_,
                      std::array<asio::const_buffer, 2>{asio::buffer(head_),
                                                        asio::buffer(exchange_->request.body)},
                      [self = shared_from_this()](beast::error_code ec, std::size_t sent) {
                        if (!ec) return self->read();
                        // A kept-alive connection that broke before a byte of this request left:
                        // the server cannot have seen it, so it is safe to send again.
                        if (sent == 0 && self->reused_ && !self->exchange_->retried &&
                            !self->shut_down_ && !self->timed_out_) {
                          return self->retry();
                        }
                        self->fail_on(ec, "sending the request");
                      });
  }

  void read() {
    parser_.emplace();
    parser_->body_limit(client_->options().max_response_body);
    if (exchange_->request.method == "HEAD") parser_->skip(true);
    buffer_.clear();
    http::async_read(socket_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) {
                       if (ec) return self->fail_on(ec, "reading the response");
                       self->succeed();
                     });
  }

  void succeed() {
    auto& message = parser_->get();
    UpstreamResponse response;
    response.status = static_cast<int>(message.result_int());
    for (const auto& field : message) {
      response.headers.emplace_back(std::string{field.name_string()}, std::string{field.value()});
    }
    response.body = std::move(message.body());
    const bool reusable = message.keep_alive() && buffer_.size() == 0 && !shut_down_;
    finish(std::move(response), reusable);
  }

  void fail_on(beast::error_code ec, const std::string& step) {
    if (shut_down_) return fail("the upstream client stopped");
    if (timed_out_) {
      return fail("no response within " + milliseconds(client_->options().response_timeout));
    }
    if (ec == http::error::body_limit) {
      return fail("the response body is larger than " +
                  std::to_string(client_->options().max_response_body) + " bytes");
    }
    if (ec == http::error::end_of_stream || ec == asio::error::eof ||
        ec == asio::error::connection_reset || ec == http::error::partial_message) {
      return fail("the connection closed while " + step);
    }
    if (ec.category() == beast::error_code{http::error::bad_version}.category()) {
      return fail("malformed response: " + ec.message());
    }
    fail(step + ": " + ec.message());
  }

  void fail(const std::string& what) { finish(transient(key_, what), false); }

  void retry() {
    auto exchange = std::move(exchange_);
    exchange->retried = true;
    close();
    client_->retry_on_fresh(std::move(exchange));
  }

  void finish(Result<UpstreamResponse> result, bool reusable) {
    auto exchange = std::move(exchange_);
    parser_.reset();
    head_.clear();
    if (reusable) {
      watchdog_.relax();
    } else {
      close();
    }
    client_->release(shared_from_this(), reusable);
    deliver(exchange->done, std::move(result));
  }

  void close() {
    watchdog_.stop();
    beast::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
    connected_ = false;
  }

  std::shared_ptr<UpstreamPool> client_;
  const HostKey key_;
  tcp::socket socket_;
  tcp::resolver resolver_;
  Watchdog watchdog_;
  bool timed_out_ = false;  // the exchange in progress: the watchdog closed the socket
  beast::flat_buffer buffer_;
  std::shared_ptr<Exchange> exchange_;
  std::string head_;  // of the request in flight; its body stays in the exchange
  std::optional<http::response_parser<http::string_body>> parser_;
  bool connected_ = false;
  bool reused_ = false;
  bool shut_down_ = false;
};

UpstreamPool::UpstreamPool(UpstreamClientOptions options, asio::io_context& io, int threads)
    : options_(std::move(options)), io_(io), threads_(threads) {
  // The pool may outlive the client on one of those threads: it must not own them.
  options_.io.reset();
}

void UpstreamPool::shut_down() {
  std::vector<std::shared_ptr<Exchange>> waiting;
  std::vector<std::shared_ptr<UpstreamConnection>> idle;
  {
    const std::lock_guard lock{mutex_};
    stopping_ = true;
    for (auto& [key, pool] : pools_) {
      waiting.insert(waiting.end(), pool.waiting.begin(), pool.waiting.end());
      pool.waiting.clear();
      idle.insert(idle.end(), pool.idle.begin(), pool.idle.end());
      pool.idle.clear();
    }
    for (auto& weak : live_) {
      if (auto connection = weak.lock()) connection->shut();
    }
  }
  for (auto& exchange : waiting)
    fail_soon(exchange, transient(exchange->key, "the upstream client stopped"));
}

bool UpstreamPool::wait_until_all_closed(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock{count_mutex_};
  return all_closed_.wait_until(lock, deadline, [this] { return connections_ == 0; });
}

void UpstreamPool::connection_opened() {
  const std::lock_guard lock{count_mutex_};
  ++connections_;
}

void UpstreamPool::connection_gone() {
  const std::lock_guard lock{count_mutex_};
  if (--connections_ == 0) all_closed_.notify_all();
}

void UpstreamPool::send(UpstreamRequest request, Done done) {
  auto exchange = std::make_shared<Exchange>(
      Exchange{{request.host, request.port}, std::move(request), std::move(done)});
  if (auto checked = check_upstream_request(exchange->request); !checked) {
    return fail_soon(std::move(exchange), checked.error());
  }
  std::vector<std::shared_ptr<UpstreamConnection>> stale;
  std::shared_ptr<UpstreamConnection> reused;
  {
    const std::lock_guard lock{mutex_};
    if (stopping_) {
      Error stopped = transient(exchange->key, "the upstream client stopped");
      return fail_soon(std::move(exchange), std::move(stopped));
    }
    auto& pool = pools_[exchange->key];
    while (!pool.idle.empty()) {
      auto connection = std::move(pool.idle.back());
      pool.idle.pop_back();
      if (connection->still_usable()) {
        reused = std::move(connection);
        break;
      }
      --pool.open;
      stale.push_back(std::move(connection));
    }
    if (!reused) {
      if (pool.open < std::max<std::size_t>(1, options_.max_connections_per_host)) {
        ++pool.open;
        start_on_new_connection(std::move(exchange));
      } else {
        pool.waiting.push_back(std::move(exchange));
      }
    }
  }
  for (auto& connection : stale) connection->shut();
  if (reused) reused->run(std::move(exchange), /*at_once=*/true);
}

void UpstreamPool::release(const std::shared_ptr<UpstreamConnection>& connection, bool reusable) {
  const std::lock_guard lock{mutex_};
  auto& pool = pools_[connection->key()];
  if (reusable && !stopping_) {
    if (pool.waiting.empty()) {
      pool.idle.push_back(connection);
    } else {
      connection->run(std::move(pool.waiting.front()));
      pool.waiting.pop_front();
    }
    return;
  }
  --pool.open;
  if (!stopping_ && !pool.waiting.empty()) {
    ++pool.open;
    start_on_new_connection(std::move(pool.waiting.front()));
    pool.waiting.pop_front();
  }
}

void UpstreamPool::retry_on_fresh(std::shared_ptr<Exchange> exchange) {
  const std::lock_guard lock{mutex_};
  if (stopping_) {
    --pools_[exchange->key].open;
    Error stopped = transient(exchange->key, "the upstream client stopped");
    return fail_soon(std::move(exchange), std::move(stopped));
  }
  start_on_new_connection(std::move(exchange));
}

void UpstreamPool::start_on_new_connection(std::shared_ptr<Exchange> exchange) {
  live_.remove_if([](const auto& weak) { return weak.expired(); });
  auto connection = std::make_shared<UpstreamConnection>(shared_from_this(), exchange->key);
  live_.push_back(connection);
  connection->run(std::move(exchange));
}

void UpstreamPool::fail_soon(std::shared_ptr<Exchange> exchange, Error error) {
  asio::post(io_, [exchange = std::move(exchange), error = std::move(error)]() mutable {
    deliver(exchange->done, std::move(error));
  });
}

class UpstreamClient::Impl {
 public:
  explicit Impl(UpstreamClientOptions options)
      : threads_(options.io ? options.io : std::make_shared<IoThreads>(options.threads)),
        pool_(std::make_shared<UpstreamPool>(std::move(options), threads_->impl().io(),
                                             threads_->size())) {}

  ~Impl() {
    pool_->shut_down();
    // Every aborted exchange hears of it on the I/O threads; waiting for that from one of them
    // would wait for itself (the pool outlives this then, held by its connections).
    if (!threads_->impl().io().get_executor().running_in_this_thread()) {
      // The bound only guards against a stuck resolver.
      (void)pool_->wait_until_all_closed(std::chrono::steady_clock::now() +
                                         std::chrono::seconds{5});
    }
  }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  UpstreamPool& pool() { return *pool_; }

 private:
  std::shared_ptr<IoThreads> threads_;  // destroyed last: an own one joins its threads
  std::shared_ptr<UpstreamPool> pool_;
};

UpstreamClient::UpstreamClient(UpstreamClientOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}
UpstreamClient::~UpstreamClient() = default;
void UpstreamClient::send(UpstreamRequest request, Done done) {
  impl_->pool().send(std::move(request), std::move(done));
}

}  // namespace freshauth::server
