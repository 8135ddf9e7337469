#include "flows/loopback_listener.h"

#include "flows/callback_page.h"
#include "flows/redirect_callback.h"

namespace freshauth::detail {

struct LoopbackListener::Callback {
  explicit Callback(std::string state) : expected_state(std::move(state)) {}

  server::ServerResponse handle(const server::ServerRequest& request) {
    const std::lock_guard lock(mutex);
    if (outcome) {
      return callback_page(200, "Sign-in already finished",
                           "This sign-in has already received its answer. You can close this "
                           "window.");
    }
    auto redirect = interpret_redirect(request.query, expected_state);
    outcome = std::move(redirect.code);
    arrived.request_stop();
    return std::move(redirect.page);
  }

  const std::string expected_state;
  std::stop_source arrived;
  mutable std::mutex mutex;
  std::optional<Result<std::string>> outcome;  // guarded by mutex
};

Result<std::unique_ptr<LoopbackListener>> LoopbackListener::start(const std::string& host,
                                                                  std::uint16_t port,
                                                                  std::string expected_state) {
  std::unique_ptr<LoopbackListener> listener(new LoopbackListener());
  listener->callback_ = std::make_shared<Callback>(std::move(expected_state));
  server::Router router;
  router.add("GET", "/callback",
             [callback = listener->callback_](const server::ServerRequest& request) {
               return callback->handle(request);
             });
  server::HttpServerOptions options;
  // "localhost" is for servers that allow only it (Cognito): the URI names it, the listener binds
  // its IPv4 address, which browsers fall back to.
  options.host = host == "localhost" ? "127.0.0.1" : host;
  options.port = port;
  options.threads = 1;
  options.body_limit = 1024;  // a redirect is a GET
  options.stop_grace = std::chrono::milliseconds{1000};
  listener->server_ = std::make_unique<server::HttpServer>(std::move(options), std::move(router));
  if (auto started = listener->server_->start(); !started) {
    return Error{Errc::invalid_argument,
                 "browser sign-in: cannot listen on " + host + ":" + std::to_string(port) +
                     " for the redirect (" + started.error().message + ")",
                 {}};
  }
  // RFC 8252 §7.3: an IP literal, not "localhost", so no name lookup can send the code elsewhere;
  // an IPv6 literal goes in brackets.
  const std::string authority = host.find(':') == std::string::npos ? host : "[" + host + "]";
  listener->redirect_uri_ =
      "http://" + authority + ":" + std::to_string(listener->server_->port()) + "/callback";
  return listener;
}

LoopbackListener::~LoopbackListener() {
  if (server_) server_->stop();
}

std::stop_token LoopbackListener::arrived() const { return callback_->arrived.get_token(); }

std::optional<Result<std::string>> LoopbackListener::outcome() const {
  const std::lock_guard lock(callback_->mutex);
  return callback_->outcome;
}

}  // namespace freshauth::detail
