#pragma once

#include <string>

#include "freshauth/core/error.h"
#include "freshauth/http/form_encoding.h"
#include "freshauth/http/http_request.h"
#include "freshauth/http/http_transport.h"
#include "freshauth/providers/oauth2_client.h"

namespace freshauth::detail {

// A form POST to `url` that authenticates `client` its registered way (RFC 6749 §2.3.1):
// client_id in the body (none), an HTTP Basic header (client_secret_basic), or client_id and
// client_secret in the body (client_secret_post). Errc::invalid_argument when the secret and the
// method do not go together.
Result<HttpRequest> client_form_request(const std::string& url, const OAuth2Client& client,
                                        FormParams params);

// Sends that request: any HTTP answer, or the Error when the client is misconfigured or no
// answer came (see oauth2_unreachable). `call` names the request in messages.
Result<HttpResponse> post_as_client(HttpTransport& transport, const std::string& call,
                                    const std::string& url, const OAuth2Client& client,
                                    FormParams params);

// "OAuth2 <what> (POST <url>)".
std::string oauth2_call_name(const std::string& what, const std::string& url);

}  // namespace freshauth::detail
