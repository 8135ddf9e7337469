#include "freshauth/stores/redis_session_table_store.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <limits>

#include "stores/redis_change_notices.h"
#include "stores/redis_scripts.h"
#include "stores/session_seal.h"

namespace freshauth {
namespace {

namespace scripts = detail::redis_scripts;

std::int64_t to_epoch_ms(TimePoint time) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

TimePoint from_epoch_ms(std::int64_t ms) {
  return TimePoint{std::chrono::duration_cast<Duration>(std::chrono::milliseconds{ms})};
}

std::int64_t to_ms(Duration duration) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(duration).count();
}

template <class Number>
bool parse_number(const std::string& text, Number& out) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc{} && end == text.data() + text.size();
}

std::string random_owner() {
  std::array<unsigned char, 16> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::string hex(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes.data(), bytes.size());
  hex.pop_back();
  return hex;
}

}  // namespace

std::shared_ptr<RedisSessionTableStore> RedisSessionTableStore::open(
    std::shared_ptr<redis::Client> client, const EncryptionKey& key,
    RedisSessionTableStoreOptions options) {
  if (sodium_init() < 0) std::abort();  // only fails without a source of randomness
  return std::shared_ptr<RedisSessionTableStore>{
      new RedisSessionTableStore(std::move(client), key, std::move(options))};
}

RedisSessionTableStore::RedisSessionTableStore(std::shared_ptr<redis::Client> client,
                                               const EncryptionKey& key,
                                               RedisSessionTableStoreOptions options)
    : client_(std::move(client)),
      key_(key),
      options_(std::move(options)),
      notices_(
          std::make_unique<detail::RedisChangeNotices>(client_->endpoint(), changes_channel())) {}

RedisSessionTableStore::~RedisSessionTableStore() = default;

// The braces make the three keys of a session one hash slot (Redis Cluster runs a script only
// over keys of one slot).
std::string RedisSessionTableStore::record_key(const std::string& key) const {
  return options_.prefix + "session:{" + key + "}";
}
std::string RedisSessionTableStore::fence_key(const std::string& key) const {
  return options_.prefix + "fence:{" + key + "}";
}
std::string RedisSessionTableStore::lease_key(const std::string& key) const {
  return options_.prefix + "lease:{" + key + "}";
}
std::string RedisSessionTableStore::changes_channel() const { return options_.prefix + "changes"; }
std::string RedisSessionTableStore::origin() const {
  return "Redis at " + client_->endpoint().describe();
}

Result<std::uint64_t> RedisSessionTableStore::save_new(const std::string& key,
                                                       const Session& session,
                                                       TimePoint created_at) {
  if (key.empty()) return Error{Errc::invalid_argument, "a session needs a non-empty key", {}};
  const std::int64_t created_at_ms = to_epoch_ms(created_at);
  auto reply = client_->eval(
      scripts::kSaveNew, {record_key(key), fence_key(key)},
      {std::to_string(created_at_ms), detail::seal_session(session, key, created_at_ms, key_),
       std::to_string(expire_at_ms(created_at_ms, created_at)), changes_channel()});
  if (!reply) return reply.error();
  return static_cast<std::uint64_t>(reply->integer);
}

Result<void> RedisSessionTableStore::save(const std::string& key, const Session& session,
                                          TimePoint created_at) {
  auto saved = save_new(key, session, created_at);
  if (!saved) return saved.error();
  return {};
}

Result<redis::Reply> RedisSessionTableStore::fetch(const std::string& key) {
  return client_->command({"HMGET", record_key(key), "fence", "created_at_ms", "sealed"});
}

Result<std::optional<SharedRecord>> RedisSessionTableStore::decode(
    const std::string& key, const redis::Reply& reply) const {
  if (reply.elements.size() != 3 || reply.elements[2].is_nil()) {
    return std::optional<SharedRecord>{};
  }
  SharedRecord record;
  std::int64_t created_at_ms = 0;
  if (!parse_number(reply.elements[0].text, record.fence) ||
      !parse_number(reply.elements[1].text, created_at_ms)) {
    return Error{Errc::storage, "a session in " + origin() + " has no valid fence or time", {}};
  }
  auto session = detail::open_session(reply.elements[2].text, key, created_at_ms, key_, origin());
  if (!session) return session.error();
  record.session = std::move(*session);
  record.created_at = from_epoch_ms(created_at_ms);
  return std::optional<SharedRecord>{std::move(record)};
}

Result<std::optional<SharedRecord>> RedisSessionTableStore::load(const std::string& key) {
  auto reply = fetch(key);
  if (!reply) return reply.error();
  return decode(key, *reply);
}

Result<LeaseAttempt> RedisSessionTableStore::try_lease(const std::string& key,
                                                       std::chrono::milliseconds ttl) {
  RefreshLease lease{random_owner(), 0};
  auto reply = client_->eval(scripts::kTakeLease, {record_key(key), lease_key(key), fence_key(key)},
                             {lease.owner, std::to_string(std::max<std::int64_t>(1, ttl.count()))});
  if (!reply) return reply.error();
  if (reply->elements.empty()) {
    return Error{Errc::storage, origin() + " answered a lease request with something else", {}};
  }
  const std::int64_t outcome = reply->elements[0].integer;
  LeaseAttempt attempt;
  if (outcome < 0) {
    attempt.record_missing = true;
  } else if (outcome > 0) {
    lease.fence = static_cast<std::uint64_t>(outcome);
    attempt.lease = std::move(lease);
  } else if (reply->elements.size() > 1) {
    attempt.held_for =
        std::chrono::milliseconds{std::max<std::int64_t>(0, reply->elements[1].integer)};
  }
  return attempt;
}

Result<bool> RedisSessionTableStore::save_fenced(const std::string& key, const Session& session,
                                                 TimePoint created_at, const RefreshLease& lease) {
  const std::int64_t created_at_ms = to_epoch_ms(created_at);
  auto reply = client_->eval(
      scripts::kSaveFenced, {record_key(key), fence_key(key), lease_key(key)},
      {std::to_string(lease.fence), std::to_string(created_at_ms),
       detail::seal_session(session, key, created_at_ms, key_), lease.owner, changes_channel()});
  if (!reply) return reply.error();
  return reply->integer == 1;
}

Result<void> RedisSessionTableStore::release(const std::string& key, const RefreshLease& lease) {
  auto reply = client_->eval(scripts::kRelease, {lease_key(key)},
                             {lease.owner, changes_channel(), record_key(key)});
  if (!reply) return reply.error();
  return {};
}

Result<void> RedisSessionTableStore::erase_unless_newer(const std::string& key,
                                                        std::uint64_t fence) {
  auto reply = client_->eval(scripts::kErase, {record_key(key), fence_key(key)},
                             {std::to_string(fence), changes_channel()});
  if (!reply) return reply.error();
  return {};
}

std::int64_t RedisSessionTableStore::expire_at_ms(std::int64_t created_at_ms, TimePoint now) const {
  std::int64_t expire_at = 0;
  if (options_.absolute_timeout > Duration::zero()) {
    expire_at = created_at_ms + to_ms(options_.absolute_timeout);
  }
  if (options_.idle_timeout > Duration::zero()) {
    const std::int64_t idle_end = to_epoch_ms(now) + to_ms(options_.idle_timeout);
    expire_at = expire_at == 0 ? idle_end : std::min(expire_at, idle_end);
  }
  return expire_at;
}

Result<bool> RedisSessionTableStore::touch(const std::string& key, TimePoint now) {
  auto reply = client_->eval(
      scripts::kTouch, {record_key(key), fence_key(key)},
      {options_.idle_timeout > Duration::zero()
           ? std::to_string(to_epoch_ms(now) + to_ms(options_.idle_timeout))
           : "0",
       std::to_string(
           options_.absolute_timeout > Duration::zero() ? to_ms(options_.absolute_timeout) : 0)});
  if (!reply) return reply.error();
  return reply->integer == 1;
}

std::unique_ptr<ChangeWatch> RedisSessionTableStore::watch(const std::string& key,
                                                           std::chrono::milliseconds poll) {
  return notices_->watch(record_key(key), poll);
}

bool RedisSessionTableStore::hears_changes() const { return notices_->heard(); }

Result<std::optional<std::size_t>> RedisSessionTableStore::count_planned_refresh(
    const std::vector<std::int64_t>& seconds, std::uint32_t crowded) {
  if (seconds.empty()) return std::optional<std::size_t>{};
  std::vector<std::string> keys;
  std::vector<std::string> args{std::to_string(crowded)};
  keys.reserve(seconds.size());
  args.reserve(seconds.size() + 1);
  for (const std::int64_t second : seconds) {
    // One hash tag: a script's keys must share a Redis Cluster slot.
    keys.push_back(options_.prefix + "plans:{calendar}:" + std::to_string(second));
    args.push_back(std::to_string((second + 60) * 1000));
  }
  auto reply = client_->eval(scripts::kCountPlannedRefresh, keys, args);
  if (!reply) return reply.error();
  if (reply->integer < 0 || static_cast<std::size_t>(reply->integer) >= seconds.size()) {
    return Error{Errc::storage, origin() + " answered a plan count with something else", {}};
  }
  return std::optional<std::size_t>{static_cast<std::size_t>(reply->integer)};
}

Result<void> RedisSessionTableStore::erase(const std::string& key) {
  return erase_unless_newer(key, std::numeric_limits<std::uint64_t>::max());
}

Result<LoadedTableSessions> RedisSessionTableStore::load_all() {
  LoadedTableSessions loaded;
  const std::string head = options_.prefix + "session:{";
  std::string cursor = "0";
  do {
    auto page = client_->command({"SCAN", cursor, "MATCH", head + "*", "COUNT", "500"});
    if (!page) return page.error();
    if (page->elements.size() != 2) {
      return Error{Errc::storage, origin() + " answered SCAN with something else", {}};
    }
    cursor = page->elements[0].text;
    for (const redis::Reply& name : page->elements[1].elements) {
      if (!name.text.ends_with('}')) continue;
      const std::string key = name.text.substr(head.size(), name.text.size() - head.size() - 1);
      auto reply = fetch(key);
      if (!reply) return reply.error();
      auto record = decode(key, *reply);
      if (!record) {
        loaded.skipped.push_back({key, record.error()});
      } else if (*record) {
        loaded.sessions.push_back({key, std::move((*record)->session), (*record)->created_at});
      }
    }
  } while (cursor != "0");
  return loaded;
}

}  // namespace freshauth
