#include "freshauth/core/session_engine.h"

#include <algorithm>

#include "core/session_errors.h"
#include "core/snapshot_cache.h"
#include "freshauth/core/expiry.h"
#include "freshauth/core/memory_session_store.h"

namespace freshauth {
namespace {

std::atomic<std::uint64_t> next_engine_id{1};

constinit thread_local detail::HotSnapshot t_hot;

// With a clock that is expensive to read, the fast path trusts the freshness alarm and reads the
// clock only on every kClockSample-th call per thread: a guard against an alarm thread starved of
// CPU, at a fraction of a nanosecond per call.
constexpr std::uint32_t kClockSample = 64;

using detail::is_fatal;
using detail::not_signed_in;
using detail::session_expired;

}  // namespace

SessionEngine::SessionEngine(std::shared_ptr<Authenticator> authenticator,
                             SessionEngineOptions options)
    : authenticator_(std::move(authenticator)),
      options_(std::move(options)),
      id_(next_engine_id.fetch_add(1, std::memory_order_relaxed)),
      random_(options_.random_seed.value_or(std::random_device{}())),
      observers_(options_.observers) {
  if (!options_.clock) options_.clock = std::make_shared<SystemClock>();
  if (!options_.store) options_.store = std::make_shared<MemorySessionStore>();
  if (!options_.executor) {
    worker_ = std::make_unique<WorkerThread>();
    options_.executor = worker_->executor();
  }
  clock_ = options_.clock.get();
  clock_is_cheap_ = clock_->cheap_to_read();
  if (!clock_is_cheap_) {
    freshness_alarm_ =
        std::jthread([this](const std::stop_token& stop) { run_freshness_alarm(stop); });
  }
}

SessionEngine::~SessionEngine() {
  if (freshness_alarm_.joinable()) {
    freshness_alarm_.request_stop();
    freshness_alarm_.join();
  }
  worker_.reset();
}

Result<bool> SessionEngine::restore() {
  const std::lock_guard publish_lock(publish_mutex_);
  auto stored = options_.store->load();
  if (!stored) return stored.error();
  if (!*stored) return false;
  publish(std::make_shared<const Session>(std::move(**stored)));
  return true;
}

Result<std::optional<MfaChallenge>> SessionEngine::sign_in(const Credentials& credentials,
                                                           const SessionContext& context) {
  const TimePoint requested_at = options_.clock->now();
  auto outcome = authenticator_->sign_in(credentials);
  if (!outcome) return outcome.error();
  if (auto* challenge = std::get_if<MfaChallenge>(&*outcome)) return {*challenge};
  if (auto installed = install(std::get<TokenGrant>(*outcome), requested_at, context); !installed) {
    return installed.error();
  }
  return {std::nullopt};
}

Result<void> SessionEngine::complete_mfa(const MfaChallenge& challenge, const std::string& code,
                                         const SessionContext& context) {
  const TimePoint requested_at = options_.clock->now();
  auto outcome = authenticator_->respond_to_mfa(challenge, code);
  if (!outcome) return outcome.error();
  if (std::holds_alternative<MfaChallenge>(*outcome)) {
    return Error{Errc::mfa_required, "the server asked for another challenge", {}};
  }
  return install(std::get<TokenGrant>(*outcome), requested_at, context);
}

Result<void> SessionEngine::adopt(const TokenGrant& grant, TimePoint requested_at,
                                  const SessionContext& context) {
  return install(grant, requested_at, context);
}

Result<void> SessionEngine::install(const TokenGrant& grant, TimePoint requested_at,
                                    const SessionContext& context) {
  if (!grant.refresh_token || grant.refresh_token->empty()) {
    return Error{Errc::invalid_argument, "a sign-in must return a refresh token", {}};
  }
  // Generations must grow across every process sharing the store, or a process holding an older
  // session in memory would take a newer sign-in for stale and overwrite it.
  auto store_lock = options_.store->lock_for_refresh();
  if (!store_lock) return store_lock.error();
  const std::lock_guard publish_lock(publish_mutex_);
  std::uint64_t generation = 0;
  {
    const std::lock_guard lock(mutex_);
    generation = last_generation_;
  }
  if (auto stored = options_.store->load(); stored && *stored) {
    generation = std::max(generation, (*stored)->generation);
  }
  ++generation;
  auto session = std::make_shared<const Session>(
      make_session(grant, requested_at, context, *grant.refresh_token, generation));
  if (auto saved = options_.store->save(*session); !saved) return saved.error();
  publish(std::move(session));
  return {};
}

Session SessionEngine::make_session(const TokenGrant& grant, TimePoint requested_at,
                                    const SessionContext& context, const std::string& refresh_token,
                                    std::uint64_t generation) const {
  const auto expiry = estimate_expiry(grant, requested_at, options_.policy.trust_token_claims);
  Session session{grant.access_token, grant.id_token,           refresh_token,
                  requested_at,       expiry.expires_at,        context.partner_id,
                  context.device_key, context.device_group_key, generation};
  if (grant.new_device) {
    session.device_key = grant.new_device->device_key;
    session.device_group_key = grant.new_device->device_group_key;
  }
  return session;
}

SessionSnapshot SessionEngine::ensure_fresh() {
  if (const auto* handle = fast_path()) return {SessionSnapshot::Unchecked{}, *handle};
  return slow_path().value();
}

Result<SessionSnapshot> SessionEngine::try_ensure_fresh() {
  if (const auto* handle = fast_path())
    return SessionSnapshot{SessionSnapshot::Unchecked{}, *handle};
  return slow_path();
}

const std::shared_ptr<const Session>* SessionEngine::fast_path() const {
  detail::HotSnapshot& hot = t_hot;
  if (hot.engine_id != id_ || hot.version != version_.load(std::memory_order_acquire)) {
    return nullptr;
  }
  if (clock_is_cheap_ || ++hot.calls % kClockSample == 0) {
    if (!(clock_->now() < hot.fresh_until)) return nullptr;
  }
  return hot.handle;
}

Result<SessionSnapshot> SessionEngine::slow_path() {
  // A round ends in an answer or in waiting for a refresh; after a wait the state has changed, so
  // the next round decides again. Three rounds cover refresh, then a sign-in racing with it.
  constexpr int kRounds = 3;
  for (int round = 0;; ++round) {
    const TimePoint now = options_.clock->now();
    detail::OwnedSnapshot& owned = detail::SnapshotOwners::find_or_add(id_, alive_);
    bool may_start = false;
    std::uint64_t version = 0;
    RefreshDeadlines deadlines{};
    std::optional<Error> last_error;
    std::shared_ptr<const Session> current;
    {
      const std::lock_guard lock(mutex_);
      if (!current_) {
        t_hot.engine_id = 0;
        return expired_ ? session_expired("the session has expired") : not_signed_in();
      }
      current = current_;
      version = version_.load(std::memory_order_relaxed);
      deadlines = deadlines_;
      may_start = now >= next_attempt_at_;
      last_error = last_error_;
    }
    owned.hold(current);
    const Session& session = *current;
    const auto snapshot = [&owned] {
      return SessionSnapshot{SessionSnapshot::Unchecked{}, owned.handle};
    };
    const bool usable = now < session.expires_at;
    if (now < deadlines.soft) {
      t_hot = {id_, version, &owned.handle, deadlines.soft, 0};
      return snapshot();
    }
    t_hot.engine_id = 0;  // refresh windows always take this path
    if (now < deadlines.hard) {
      if (may_start) start_refresh(session.generation, options_.executor);
      return snapshot();
    }
    if (!may_start && !flight_.in_flight()) {
      // Backing off after transient failures: use the token while it lasts.
      if (usable) return snapshot();
      return Error{Errc::transient,
                   "the access token expired and refreshing keeps failing (" +
                       (last_error ? last_error->describe() : std::string{"unknown"}) +
                       "); retrying with backoff",
                   last_error ? last_error->retry_after : std::nullopt};
    }
    const auto ticket = start_refresh(session.generation, inline_executor());
    const RefreshResult result = ticket.outcome.get();
    switch (result.outcome) {
      case Outcome::fatal:
        return *result.error;
      case Outcome::transient:
        if (options_.clock->now() < session.expires_at) return snapshot();
        return *result.error;
      case Outcome::refreshed:
      case Outcome::superseded:
        if (round + 1 >= kRounds) {
          if (usable) return snapshot();
          return Error{Errc::transient, "the session keeps changing; try again", {}};
        }
        break;
    }
  }
}

SingleFlight<SessionEngine::RefreshResult>::Ticket SessionEngine::start_refresh(
    std::uint64_t from_generation, const Executor& executor) {
  return flight_.join_or_start([this, from_generation] { return run_refresh(from_generation); },
                               executor);
}

Result<void> SessionEngine::refresh_if_within(Duration margin) {
  const TimePoint now = options_.clock->now();
  std::uint64_t generation = 0;
  {
    const std::lock_guard lock(mutex_);
    if (!current_) return expired_ ? session_expired("the session has expired") : not_signed_in();
    if (now < current_->expires_at - margin) return {};
    if (now < next_attempt_at_ && last_error_) return *last_error_;
    generation = current_->generation;
  }
  const RefreshResult result = start_refresh(generation, inline_executor()).outcome.get();
  if (result.error) return *result.error;
  return {};
}

SessionEngine::RefreshResult SessionEngine::run_refresh(std::uint64_t from_generation) {
  // Across processes: hold the store's lock while deciding, refreshing and saving.
  auto store_lock = options_.store->lock_for_refresh();
  if (!store_lock) {
    for (const auto& observer : observers()) observer->on_store_failed(store_lock.error());
  }
  std::unique_lock publish_lock(publish_mutex_);
  std::shared_ptr<const Session> base;
  {
    const std::lock_guard lock(mutex_);
    if (!current_ || current_->generation != from_generation) return {Outcome::superseded, {}};
    base = current_;
  }
  if (store_lock && *store_lock) {
    // Another process may have refreshed, or ended, the session while we waited for the lock.
    auto stored = options_.store->load();
    if (stored && !*stored) {
      clear(/*because_expired=*/true);
      publish_lock.unlock();
      Error error = session_expired("the session was ended by another process");
      for (const auto& observer : observers()) observer->on_session_expired(error);
      return {Outcome::fatal, std::move(error)};
    }
    if (stored && (*stored)->generation > base->generation) {
      base = std::make_shared<const Session>(std::move(**stored));
      if (options_.clock->now() < options_.policy.deadlines_for(*base).soft) {
        publish(base);
        return {Outcome::refreshed, {}};
      }
    }
  }
  return refresh_from(base, publish_lock);
}

SessionEngine::RefreshResult SessionEngine::refresh_from(
    const std::shared_ptr<const Session>& base, std::unique_lock<std::mutex>& publish_lock) {
  // The network call runs without publish_mutex_ so sign-in and sign-out are never stuck behind
  // a slow server; the generation check afterwards drops a result that lost that race.
  publish_lock.unlock();
  const TimePoint requested_at = options_.clock->now();
  auto grant = authenticator_->refresh(
      {base->refresh_token, base->device_key, base->device_group_key, base->access_token});
  publish_lock.lock();
  {
    const std::lock_guard lock(mutex_);
    if (!current_ || current_->generation > base->generation) return {Outcome::superseded, {}};
  }
  if (!grant) return fail_refresh(grant.error(), base->generation, publish_lock);

  // The partner API never rotates the refresh token; OAuth2 servers may.
  const std::string& refresh_token = grant->refresh_token && !grant->refresh_token->empty()
                                         ? *grant->refresh_token
                                         : base->refresh_token;
  const SessionContext context{base->partner_id, base->device_key, base->device_group_key};
  // Many OAuth2 servers leave the id token out of a refresh answer: the identity is unchanged.
  if (grant->id_token.empty()) grant->id_token = base->id_token;
  auto next = std::make_shared<const Session>(
      make_session(*grant, requested_at, context, refresh_token, base->generation + 1));
  auto saved = options_.store->save(*next);
  publish(next);
  publish_lock.unlock();
  const auto listeners = observers();
  if (!saved) {
    for (const auto& observer : listeners) observer->on_store_failed(saved.error());
  }
  for (const auto& observer : listeners) observer->on_refreshed(*next);
  return {Outcome::refreshed, {}};
}

SessionEngine::RefreshResult SessionEngine::fail_refresh(
    Error error, std::uint64_t from_generation, std::unique_lock<std::mutex>& publish_lock) {
  const auto listeners = observers();
  if (is_fatal(error)) {
    // Without the store's lock (it timed out) another process may have refreshed meanwhile,
    // and with a rotating server our refresh token was then already spent: its session is the
    // live one, not a reason to end everyone's.
    if (auto newer = newer_stored_session(from_generation)) {
      publish(std::move(newer));
      return {Outcome::superseded, {}};
    }
    (void)options_.store->clear();
    clear(/*because_expired=*/true);
    publish_lock.unlock();
    Error expired = session_expired("the refresh token was rejected (" + error.message + ")");
    for (const auto& observer : listeners) {
      observer->on_refresh_failed(FailureClass::fatal, error);
      observer->on_session_expired(expired);
    }
    return {Outcome::fatal, std::move(expired)};
  }
  {
    const std::lock_guard lock(mutex_);
    ++failed_attempts_;
    const double unit = std::uniform_real_distribution<double>{0.0, 1.0}(random_);
    Duration delay = options_.policy.backoff_after(failed_attempts_, unit);
    // Keep several attempts inside the token's remaining life rather than backing off past it.
    const TimePoint now = options_.clock->now();
    if (current_ && now < current_->expires_at) {
      delay = std::min(delay,
                       std::max((current_->expires_at - now) / 2, options_.policy.backoff_initial));
    }
    if (error.retry_after) delay = std::max<Duration>(delay, *error.retry_after);
    next_attempt_at_ = now + delay;
    last_error_ = error;
  }
  publish_lock.unlock();
  for (const auto& observer : listeners)
    observer->on_refresh_failed(FailureClass::transient, error);
  return {Outcome::transient, std::move(error)};
}

bool SessionEngine::report_unauthorized(std::uint64_t generation) {
  {
    // The store's lock, so no other process saves between our look at the store and the clear.
    auto store_lock = options_.store->lock_for_refresh();
    const std::lock_guard publish_lock(publish_mutex_);
    {
      const std::lock_guard lock(mutex_);
      if (!current_ || current_->generation != generation) return false;
    }
    // Another process signed in or refreshed since we took our token: that session lives.
    if (auto newer = newer_stored_session(generation)) {
      publish(std::move(newer));
      return false;
    }
    (void)options_.store->clear();
    clear(/*because_expired=*/true);
  }
  const Error reason = session_expired("the API rejected the access token (401)");
  for (const auto& observer : observers()) observer->on_session_expired(reason);
  return true;
}

Result<void> SessionEngine::sign_out() {
  std::shared_ptr<const Session> session = current();
  Result<void> revoked;
  if (session) revoked = authenticator_->revoke(session->refresh_token);
  const std::lock_guard publish_lock(publish_mutex_);
  auto cleared = options_.store->clear();
  clear(/*because_expired=*/false);
  if (!revoked) return revoked;
  return cleared;
}

std::shared_ptr<const Session> SessionEngine::newer_stored_session(std::uint64_t generation) {
  auto stored = options_.store->load();
  if (!stored || !*stored || (*stored)->generation <= generation) return nullptr;
  return std::make_shared<const Session>(std::move(**stored));
}

std::shared_ptr<const Session> SessionEngine::current() const {
  const std::lock_guard lock(mutex_);
  return current_;
}

void SessionEngine::add_observer(std::shared_ptr<SessionObserver> observer) {
  const std::lock_guard lock(mutex_);
  observers_.push_back(std::move(observer));
}

std::vector<std::shared_ptr<SessionObserver>> SessionEngine::observers() const {
  const std::lock_guard lock(mutex_);
  return observers_;
}

void SessionEngine::publish(std::shared_ptr<const Session> session) {
  const std::lock_guard lock(mutex_);
  last_generation_ = std::max(last_generation_, session->generation);
  deadlines_ = options_.policy.deadlines_for(*session);
  current_ = std::move(session);
  expired_ = false;
  failed_attempts_ = 0;
  next_attempt_at_ = {};
  last_error_.reset();
  mark_changed_locked();
}

void SessionEngine::clear(bool because_expired) {
  const std::lock_guard lock(mutex_);
  current_.reset();
  expired_ = because_expired;
  failed_attempts_ = 0;
  next_attempt_at_ = {};
  last_error_.reset();
  mark_changed_locked();
}

void SessionEngine::mark_changed_locked() {
  version_.fetch_add(1, std::memory_order_release);
  alarm_interrupt_.request_stop();
}

void SessionEngine::run_freshness_alarm(const std::stop_token& stop) {
  std::unique_lock lock(mutex_);
  while (!stop.stop_requested()) {
    const std::uint64_t version = version_.load(std::memory_order_relaxed);
    const bool armed = current_ && version != alarm_fired_for_version_;
    const TimePoint deadline = deadlines_.soft;
    alarm_interrupt_ = std::stop_source{};
    const std::stop_token interrupted = alarm_interrupt_.get_token();
    lock.unlock();
    bool reached = false;
    {
      std::stop_source wake;
      const std::stop_callback on_stop(stop, [&wake] { wake.request_stop(); });
      const std::stop_callback on_change(interrupted, [&wake] { wake.request_stop(); });
      if (armed) {
        reached = clock_->sleep_until(deadline, wake.get_token());
      } else {
        std::mutex idle;
        std::condition_variable_any never_notified;
        std::unique_lock idle_lock(idle);
        never_notified.wait(idle_lock, wake.get_token(), [] { return false; });
      }
    }
    lock.lock();
    if (reached && version_.load(std::memory_order_relaxed) == version) {
      version_.fetch_add(1, std::memory_order_release);  // fast paths must look at the clock now
      alarm_fired_for_version_ = version + 1;
    }
  }
}

}  // namespace freshauth
