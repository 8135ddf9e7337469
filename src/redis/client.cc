#include "freshauth/redis/client.h"

#include "redis/connection.h"

namespace freshauth::redis {

Client::Client(Endpoint endpoint, std::size_t max_idle)
    : endpoint_(std::move(endpoint)), max_idle_(max_idle) {}

Client::~Client() = default;

Result<std::shared_ptr<Client>> Client::connect(Endpoint endpoint, std::size_t max_idle) {
  std::shared_ptr<Client> client{new Client(std::move(endpoint), max_idle)};
  auto connection = client->borrow(true);
  if (!connection) return connection.error();
  // A server that wants a password accepts the connection and refuses the first command.
  auto answered = (*connection)->command({"PING"});
  if (!answered) return answered.error();
  client->give_back(std::move(*connection));
  return client;
}

std::shared_ptr<Client> Client::lazy(Endpoint endpoint, std::size_t max_idle) {
  return std::shared_ptr<Client>{new Client(std::move(endpoint), max_idle)};
}

Result<std::unique_ptr<Connection>> Client::borrow(bool fresh) {
  if (!fresh) {
    const std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto connection = std::move(idle_.back());
      idle_.pop_back();
      return connection;
    }
  }
  return Connection::open(endpoint_);
}

void Client::give_back(std::unique_ptr<Connection> connection) {
  if (connection->broken()) {
    // The server went away or stalled: the other idle connections are likely dead too.
    const std::lock_guard lock(mutex_);
    idle_.clear();
    return;
  }
  const std::lock_guard lock(mutex_);
  if (idle_.size() < max_idle_) idle_.push_back(std::move(connection));
}

Result<Reply> Client::command(const std::vector<std::string>& argv) {
  auto connection = borrow(false);
  if (!connection) return connection.error();
  auto reply = (*connection)->command(argv);
  if (!reply && (*connection)->found_closed()) {
    // An idle connection the server closed (it restarted): the command never ran, so it is
    // sent once more on a new connection rather than failing a request after every restart.
    give_back(std::move(*connection));
    connection = borrow(true);
    if (!connection) return connection.error();
    reply = (*connection)->command(argv);
  }
  give_back(std::move(*connection));
  return reply;
}

Result<std::string> Client::script_sha(const std::string& script, bool reload) {
  if (!reload) {
    const std::lock_guard lock(mutex_);
    if (auto found = shas_.find(script); found != shas_.end()) return found->second;
  }
  auto loaded = command({"SCRIPT", "LOAD", script});
  if (!loaded) return loaded.error();
  const std::lock_guard lock(mutex_);
  shas_[script] = loaded->text;
  return loaded->text;
}

Result<Reply> Client::eval(const std::string& script, const std::vector<std::string>& keys,
                           const std::vector<std::string>& args) {
  for (const bool reload : {false, true}) {
    auto sha = script_sha(script, reload);
    if (!sha) return sha.error();
    std::vector<std::string> argv{"EVALSHA", *sha, std::to_string(keys.size())};
    argv.insert(argv.end(), keys.begin(), keys.end());
    argv.insert(argv.end(), args.begin(), args.end());
    auto reply = command(argv);
    if (reply || reply.error().message.find("NOSCRIPT") == std::string::npos) return reply;
  }
  return Error{
      Errc::storage, "Redis at " + endpoint_.describe() + " keeps forgetting a script", {}};
}

}  // namespace freshauth::redis
