#include "redis/connection.h"

#include <hiredis/hiredis.h>
#include <pthread.h>
#include <sys/time.h>

#include <cerrno>
#include <csignal>
#include <ctime>

namespace freshauth::redis {
namespace {

timeval to_timeval(std::chrono::milliseconds timeout) {
  return timeval{static_cast<time_t>(timeout.count() / 1000),
                 static_cast<suseconds_t>((timeout.count() % 1000) * 1000)};
}

Reply copy(const redisReply& reply) {
  Reply out;
  switch (reply.type) {
    case REDIS_REPLY_INTEGER:
      out.kind = Reply::Kind::integer;
      out.integer = reply.integer;
      break;
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
      out.kind = Reply::Kind::text;
      out.text.assign(reply.str, reply.len);
      break;
    case REDIS_REPLY_ARRAY:
      out.kind = Reply::Kind::array;
      for (std::size_t i = 0; i < reply.elements; ++i)
        out.elements.push_back(copy(*reply.element[i]));
      break;
    default:
      break;
  }
  return out;
}

Error storage_error(std::string message) { return Error{Errc::storage, std::move(message), {}}; }

// hiredis writes with write(2): a server gone away would raise SIGPIPE and kill the process. The
// signal is blocked in this thread for the command, and one it raised is taken back before
// unblocking, so the process's own SIGPIPE handling is left alone.
class SigpipeBlocked {
 public:
  SigpipeBlocked() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    sigset_t pending;
    sigpending(&pending);
    already_pending_ = sigismember(&pending, SIGPIPE) == 1;
    pthread_sigmask(SIG_BLOCK, &pipe_, &previous_);
  }
  ~SigpipeBlocked() {
    if (!already_pending_) {
      const timespec no_wait{0, 0};
      while (sigtimedwait(&pipe_, nullptr, &no_wait) == SIGPIPE) {
      }
    }
    pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
  }
  SigpipeBlocked(const SigpipeBlocked&) = delete;
  SigpipeBlocked& operator=(const SigpipeBlocked&) = delete;

 private:
  sigset_t pipe_{};
  sigset_t previous_{};
  bool already_pending_ = false;
};

}  // namespace

Result<std::unique_ptr<Connection>> Connection::open(const Endpoint& endpoint) {
  const timeval connect_timeout = to_timeval(endpoint.connect_timeout);
  redisContext* context =
      endpoint.unix_socket.empty()
          ? redisConnectWithTimeout(endpoint.host.c_str(), endpoint.port, connect_timeout)
          : redisConnectUnixWithTimeout(endpoint.unix_socket.c_str(), connect_timeout);
  const std::string where = "Redis at " + endpoint.describe();
  if (context == nullptr) return storage_error("cannot connect to " + where + ": out of memory");
  if (context->err != 0) {
    std::string why = context->errstr;
    redisFree(context);
    return storage_error("cannot connect to " + where + ": " + why);
  }
  if (redisSetTimeout(context, to_timeval(endpoint.command_timeout)) != REDIS_OK) {
    redisFree(context);
    return storage_error("cannot set the command timeout for " + where);
  }
  // A peer that vanished without closing (a lost network) is noticed on a long-idle
  // connection too, such as a subscriber's.
  if (endpoint.unix_socket.empty()) (void)redisEnableKeepAlive(context);
  std::unique_ptr<Connection> connection{new Connection(context, where)};
  if (!endpoint.password.empty()) {
    auto authenticated = connection->command({"AUTH", endpoint.password});
    if (!authenticated) {
      return storage_error(
          where + " refused the password (or needs none): " + authenticated.error().message);
    }
  }
  if (endpoint.database != 0) {
    auto selected = connection->command({"SELECT", std::to_string(endpoint.database)});
    if (!selected) return selected.error();
  }
  return connection;
}

Connection::~Connection() { redisFree(context_); }

int Connection::socket() const { return context_->fd; }

Result<std::vector<Reply>> Connection::take_replies(bool read_socket) {
  if (read_socket && redisBufferRead(context_) != REDIS_OK) {
    broken_ = true;
    return storage_error(where_ + " closed the connection: " + std::string{context_->errstr});
  }
  std::vector<Reply> replies;
  for (;;) {
    void* raw = nullptr;
    if (redisGetReplyFromReader(context_, &raw) != REDIS_OK) {
      broken_ = true;
      return storage_error(where_ + " sent something unreadable: " + std::string{context_->errstr});
    }
    if (raw == nullptr) return replies;
    const std::unique_ptr<redisReply, decltype(&freeReplyObject)> owned{
        static_cast<redisReply*>(raw), freeReplyObject};
    replies.push_back(copy(*owned));
  }
}

Result<Reply> Connection::command(const std::vector<std::string>& argv) {
  std::vector<const char*> pointers;
  std::vector<std::size_t> lengths;
  pointers.reserve(argv.size());
  lengths.reserve(argv.size());
  for (const std::string& argument : argv) {
    pointers.push_back(argument.data());
    lengths.push_back(argument.size());
  }
  const SigpipeBlocked sigpipe_blocked;
  auto* reply = static_cast<redisReply*>(
      redisCommandArgv(context_, static_cast<int>(argv.size()), pointers.data(), lengths.data()));
  if (reply == nullptr) {
    broken_ = true;
    found_closed_ = context_->err == REDIS_ERR_EOF ||
                    (context_->err == REDIS_ERR_IO && (errno == EPIPE || errno == ECONNRESET));
    return storage_error(where_ + " did not answer: " +
                         (context_->err != 0 ? std::string{context_->errstr} : "no reply"));
  }
  const std::unique_ptr<redisReply, decltype(&freeReplyObject)> owned{reply, freeReplyObject};
  if (reply->type == REDIS_REPLY_ERROR) {
    // The command name, not its arguments: those may be secrets (AUTH) or sealed sessions.
    return storage_error(where_ + " refused " + argv.front() + ": " +
                         std::string{reply->str, reply->len});
  }
  return copy(*reply);
}

}  // namespace freshauth::redis
