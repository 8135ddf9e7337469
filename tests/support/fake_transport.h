#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "freshauth/http/http_transport.h"

namespace freshauth::testing {

// The path of a URL: no scheme, host, query or fragment ("http://h:1/a/b?x" -> "/a/b").
inline std::string path_of(const std::string& url) {
  std::size_t start = 0;
  if (const auto scheme = url.find("://"); scheme != std::string::npos) {
    start = url.find('/', scheme + 3);
    if (start == std::string::npos) return "/";
  }
  const auto end = url.find_first_of("?#", start);
  return url.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// Which requests a script entry, a gate or a count is about: "" (all), "/path" (any method),
// "METHOD /path"; a path ending in '*' matches every path that starts with what comes before it.
inline bool route_matches(const std::string& route, const HttpRequest& request) {
  if (route.empty()) return true;
  std::string path = route;
  if (const auto space = route.find(' '); space != std::string::npos) {
    if (route.substr(0, space) != request.method) return false;
    path = route.substr(space + 1);
  }
  const std::string actual = path_of(request.url);
  if (!path.empty() && path.back() == '*') {
    return actual.starts_with(path.substr(0, path.size() - 1));
  }
  return actual == path;
}

// The HttpTransport of provider and client tests: nothing goes over the network.
// - Answers: scripted answers first (each used once, in order, among those whose route matches
//   the request), then the handler; with neither it answers 500 "script exhausted", so a test that
//   sends more than it expected fails.
// - Records every request as it arrives, and every exchange once answered.
// - Gates: hold(route) keeps matching requests inside send() until release(), so a test can pile
//   callers up behind one request and observe them (wait_until_held). Every wait has a deadline: a
//   held request that is never released fails with a timeout instead of hanging the test.
class FakeTransport final : public HttpTransport {
 public:
  using Handler = std::function<HttpResult(const HttpRequest&)>;
  struct Exchange {
    HttpRequest request;
    std::optional<HttpResponse> response;  // empty when the transport failed
  };
  static constexpr std::chrono::seconds kDeadline{60};

  FakeTransport() = default;
  explicit FakeTransport(Handler handler) : handler_(std::move(handler)) {}

  // Every unscripted request goes to `inner`, a real transport, and is recorded with its answer.
  static std::shared_ptr<FakeTransport> forwarding_to(std::shared_ptr<HttpTransport> inner) {
    return std::make_shared<FakeTransport>(
        [inner = std::move(inner)](const HttpRequest& request) { return inner->send(request); });
  }

  void set_handler(Handler handler) {
    const std::lock_guard lock(mutex_);
    handler_ = std::move(handler);
  }

  // Queues an answer for the next request on `route`: a response...
  void reply_to(std::string route, int status, std::string body, HttpHeaders headers = {}) {
    answer(std::move(route), HttpResponse{status, std::move(headers), std::move(body)});
  }
  // ...or no response at all (a timeout, a refused connection, a truncated body).
  void fail_to(std::string route, TransportErrc code, std::string message) {
    answer(std::move(route), TransportError{code, std::move(message)});
  }
  void answer(std::string route, HttpResult result) {
    const std::lock_guard lock(mutex_);
    script_.push_back({std::move(route), std::move(result)});
  }
  // The same for whatever request comes next.
  void reply(int status, std::string body, HttpHeaders headers = {}) {
    reply_to({}, status, std::move(body), std::move(headers));
  }
  void fail(TransportErrc code, std::string message) { fail_to({}, code, std::move(message)); }

  void hold(std::string route) {
    const std::lock_guard lock(mutex_);
    held_route_ = std::move(route);
  }
  void release() {
    {
      const std::lock_guard lock(mutex_);
      held_route_.reset();
    }
    changed_.notify_all();
  }
  // Whether `count` requests are held at the gate before `deadline` passes.
  [[nodiscard]] bool wait_until_held(int count, std::chrono::milliseconds deadline = kDeadline) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, deadline, [&] { return held_ >= count; });
  }

  HttpResult send(const HttpRequest& request) override {
    std::unique_lock lock(mutex_);
    requests_.push_back(request);
    changed_.notify_all();
    if (held_route_ && route_matches(*held_route_, request)) {
      ++held_;
      changed_.notify_all();
      const bool released = changed_.wait_for(
          lock, kDeadline, [&] { return !held_route_ || !route_matches(*held_route_, request); });
      --held_;
      if (!released) return TransportError{TransportErrc::timeout, "held past the test's deadline"};
    }
    HttpResult result = next_answer(request, lock);
    exchanges_.push_back(
        {request, result.has_value() ? std::optional<HttpResponse>{*result} : std::nullopt});
    return result;
  }

  // Every request sent so far, or those on `route`.
  std::vector<HttpRequest> requests(const std::string& route = {}) const {
    const std::lock_guard lock(mutex_);
    std::vector<HttpRequest> matching;
    for (const auto& request : requests_) {
      if (route_matches(route, request)) matching.push_back(request);
    }
    return matching;
  }
  int calls(const std::string& route = {}) const {
    const std::lock_guard lock(mutex_);
    int seen = 0;
    for (const auto& request : requests_) seen += route_matches(route, request) ? 1 : 0;
    return seen;
  }
  // Whether `count` requests on `route` have arrived before `deadline` passes.
  [[nodiscard]] bool wait_for_calls(const std::string& route, int count,
                                    std::chrono::milliseconds deadline = kDeadline) {
    std::unique_lock lock(mutex_);
    std::size_t scanned = 0;
    int seen = 0;
    return changed_.wait_for(lock, deadline, [&] {
      for (; scanned < requests_.size(); ++scanned) {
        seen += route_matches(route, requests_[scanned]) ? 1 : 0;
      }
      return seen >= count;
    });
  }

  std::vector<Exchange> exchanges() const {
    const std::lock_guard lock(mutex_);
    return exchanges_;
  }
  // The exchanges whose request body contains `text` (e.g. "\"REFRESH_TOKEN_AUTH\"").
  std::vector<Exchange> with_body_containing(const std::string& text) const {
    std::vector<Exchange> matching;
    for (auto& exchange : exchanges()) {
      if (exchange.request.body.find(text) != std::string::npos) matching.push_back(exchange);
    }
    return matching;
  }

 private:
  struct Scripted {
    std::string route;
    HttpResult result;
  };

  // Called with the lock held; the handler runs without it, so handlers may block or recurse.
  HttpResult next_answer(const HttpRequest& request, std::unique_lock<std::mutex>& lock) {
    for (auto it = script_.begin(); it != script_.end(); ++it) {
      if (route_matches(it->route, request)) {
        HttpResult result = std::move(it->result);
        script_.erase(it);
        return result;
      }
    }
    if (!handler_) return HttpResponse{500, {}, "script exhausted"};
    const Handler handler = handler_;
    lock.unlock();
    HttpResult result = handler(request);
    lock.lock();
    return result;
  }

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  Handler handler_;
  std::deque<Scripted> script_;
  std::optional<std::string> held_route_;
  int held_ = 0;
  std::vector<HttpRequest> requests_;
  std::vector<Exchange> exchanges_;
};

}  // namespace freshauth::testing
