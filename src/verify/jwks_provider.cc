#include "freshauth/verify/jwks_provider.h"

#include <fstream>
#include <sstream>

#include "jwks_uri.h"

namespace freshauth {

Result<std::shared_ptr<JwksProvider>> JwksProvider::from_json(std::string_view jwks_json,
                                                              const Clock& clock) {
  auto keys = KeySet::parse(jwks_json);
  if (!keys) return keys.error();
  return std::shared_ptr<JwksProvider>(
      new JwksProvider({}, nullptr, clock, {}, std::make_shared<const KeySet>(std::move(*keys))));
}

Result<std::shared_ptr<JwksProvider>> JwksProvider::from_file(const std::string& path,
                                                              const Clock& clock) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{Errc::invalid_argument, "cannot read JWKS file " + path, {}};
  std::ostringstream text;
  text << in.rdbuf();
  return from_json(text.str(), clock);
}

Result<std::shared_ptr<JwksProvider>> JwksProvider::from_uri(
    std::string uri, std::shared_ptr<HttpTransport> transport, const Clock& clock,
    JwksProviderOptions options) {
  if (auto refused = check_jwks_uri(uri, options.allow_plain_http)) return *refused;
  if (!transport) return Error{Errc::invalid_argument, "JWKS provider needs a transport", {}};
  return std::shared_ptr<JwksProvider>(
      new JwksProvider(std::move(uri), std::move(transport), clock, std::move(options), nullptr));
}

JwksProvider::JwksProvider(std::string uri, std::shared_ptr<HttpTransport> transport,
                           const Clock& clock, JwksProviderOptions options,
                           std::shared_ptr<const KeySet> keys)
    : uri_(std::move(uri)),
      transport_(std::move(transport)),
      clock_(clock),
      options_(std::move(options)),
      keys_(std::move(keys)) {
  if (!uri_.empty() && !options_.background) worker_ = std::make_unique<WorkerThread>();
}

JwksProvider::~JwksProvider() { worker_.reset(); }

int JwksProvider::fetches() const {
  const std::lock_guard lock(mutex_);
  return fetches_;
}

JwksProvider::FetchOutcome JwksProvider::current() const {
  const std::lock_guard lock(mutex_);
  return {keys_, {}};
}

JwksProvider::FetchOutcome JwksProvider::fetch() {
  HttpRequest request;
  request.url = uri_;
  request.headers.set("Accept", "application/json");
  auto response = transport_->send(request);
  std::string error;
  std::shared_ptr<const KeySet> fetched;
  if (!response) {
    error = response.error().describe();
  } else if (response->status != 200) {
    error = "JWKS answered HTTP " + std::to_string(response->status);
  } else if (response->body.size() > options_.max_document_bytes) {
    error = "JWKS document too large";
  } else if (auto keys = KeySet::parse(response->body); !keys) {
    error = keys.error().message;
  } else {
    fetched = std::make_shared<const KeySet>(std::move(*keys));
  }
  const std::lock_guard lock(mutex_);
  ++fetches_;
  // A failed fetch keeps the keys we have and is retried after the penalty, not on every call.
  next_refresh_ =
      clock_.now() + (fetched ? options_.refresh_interval : options_.unknown_kid_penalty);
  if (fetched) keys_ = std::move(fetched);
  last_error_ = error;
  if (!fetched) last_failed_fetch_ = clock_.now();
  return {keys_, std::move(error)};
}

KeyLookup JwksProvider::find(std::string_view kid) {
  auto keys = current().keys;
  if (keys) {
    if (auto key = keys->find(kid)) {
      refresh_in_background_if_stale();
      return key;
    }
  }
  if (uri_.empty()) return VerifyFailure{VerifyErrc::unknown_key, "no key with this kid"};
  return refetch_and_find(kid);
}

KeyLookup JwksProvider::refetch_and_find(std::string_view kid) {
  // The penalty is decided inside the flight: callers arriving while a refetch runs join it
  // (a rotation seen by many threads at once waits for the one fetch), and a flight started
  // inside the penalty period only reads the cache.
  auto work = [this] {
    {
      const std::lock_guard lock(mutex_);
      const auto now = clock_.now();
      // The first load is not an unknown-kid refetch: a rotation right after start-up must not
      // wait out the penalty. Before any keys arrive, only failed loads are rate-limited.
      auto& last = keys_ ? last_forced_fetch_ : last_failed_fetch_;
      if (last && now < *last + options_.unknown_kid_penalty)
        return FetchOutcome{keys_, last_error_};
      if (keys_) last_forced_fetch_ = now;
    }
    return fetch();
  };
  FetchOutcome outcome = flight_.join_or_start(work, inline_executor()).outcome.get();
  if (!outcome.keys) {
    return VerifyFailure{VerifyErrc::keys_unavailable, outcome.error.empty()
                                                           ? "JWKS not fetched yet"
                                                           : "JWKS unavailable: " + outcome.error};
  }
  if (auto key = outcome.keys->find(kid)) return key;
  return VerifyFailure{VerifyErrc::unknown_key, "no key with this kid"};
}

void JwksProvider::refresh_in_background_if_stale() {
  if (uri_.empty()) return;
  {
    const std::lock_guard lock(mutex_);
    if (clock_.now() < next_refresh_) return;
  }
  if (flight_.in_flight()) return;
  const Executor& executor = options_.background ? options_.background : worker_->executor();
  // Checked again inside: a refresh that finished since our check must not be repeated.
  (void)flight_.join_or_start(
      [this] {
        {
          const std::lock_guard lock(mutex_);
          if (clock_.now() < next_refresh_) return FetchOutcome{keys_, {}};
        }
        return fetch();
      },
      executor);
}

}  // namespace freshauth
