#pragma once

#include <memory>

#include "freshauth/core/session_engine.h"
#include "freshauth/core/session_snapshot.h"
#include "freshauth/http/http_transport.h"

namespace freshauth {

/// What one authorized call came to: the snapshot whose headers were sent, and the inner
/// transport's answer to it (a 401 among them has already been reported to the engine).
struct AuthorizedExchange {
  SessionSnapshot session;
  HttpResult result;

  bool rejected() const { return result.has_value() && result->status == 401; }
};

/// The auth step of every API call, as a transport decorator: takes one snapshot from the engine
/// (try_ensure_fresh(): it waits in the hard window), sets Authorization and
/// X-Preferred-Partner-Id from that snapshot alone (replacing whatever the caller set; no partner
/// id removes the header), sends through `inner`, and on 401 reports that snapshot's generation
/// with report_unauthorized(). It never retries: a 401 on a token that was fresh by our clock
/// means the server ended the session.
///
/// Two faces, one behaviour:
/// - send(), the HttpTransport interface, for code that only knows transports. A 401 is passed
///   back as the response it is. When the engine has no usable session nothing is sent and the
///   result is a TransportError of kind TransportErrc::no_session whose session_error holds the
///   engine's Error (not_signed_in, session_expired, or transient): the interface has no other
///   channel, and a distinct kind keeps it apart from network failures a caller would retry.
/// - send_authorized(), for callers that need more (Client, a gateway): the engine's Error as it
///   is, and the snapshot that was used, e.g. to redact its tokens from an error body.
///
/// Thread-safe when `inner` is; the engine must outlive it.
class AuthorizingTransport final : public HttpTransport {
 public:
  AuthorizingTransport(std::shared_ptr<HttpTransport> inner, SessionEngine& engine);

  /// The error, when there is one, is the engine's: nothing was sent. Takes the request by value:
  /// move it in to spare a copy of the body.
  Result<AuthorizedExchange> send_authorized(HttpRequest request);
  HttpResult send(const HttpRequest& request) override;

 private:
  std::shared_ptr<HttpTransport> inner_;
  SessionEngine& engine_;
};

}  // namespace freshauth
