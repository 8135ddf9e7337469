#include "providers/oauth2_client_auth.h"

#include "providers/oauth2_errors.h"

namespace freshauth::detail {
namespace {

Error misconfigured(std::string what) {
  return {Errc::invalid_argument, "OAuth2 client " + std::move(what), {}};
}

}  // namespace

Result<HttpRequest> client_form_request(const std::string& url, const OAuth2Client& client,
                                        FormParams params) {
  if (client.client_id.empty()) return misconfigured("has no client id: set it");
  const bool has_secret = client.client_secret && !client.client_secret->empty();
  HttpRequest request;
  request.method = "POST";
  request.url = url;
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                     {"Accept", "application/json"}};
  switch (client.auth_method) {
    case ClientAuthMethod::none:
      if (has_secret) {
        return misconfigured(
            "has a secret but the auth method none: choose client_secret_basic or "
            "client_secret_post (or drop the secret for a public client)");
      }
      params.emplace_back("client_id", client.client_id);
      break;
    case ClientAuthMethod::client_secret_basic:
      if (!has_secret) return misconfigured("uses client_secret_basic but has no secret");
      // §2.3.1: the id and the secret are form-encoded before they are joined and base64-encoded.
      request.headers.set("Authorization",
                          basic_authorization(client.client_id, *client.client_secret));
      break;
    case ClientAuthMethod::client_secret_post:
      if (!has_secret) return misconfigured("uses client_secret_post but has no secret");
      params.emplace_back("client_id", client.client_id);
      params.emplace_back("client_secret", *client.client_secret);
      break;
  }
  request.body = form_encode(params);
  return request;
}

Result<HttpResponse> post_as_client(HttpTransport& transport, const std::string& call,
                                    const std::string& url, const OAuth2Client& client,
                                    FormParams params) {
  auto request = client_form_request(url, client, std::move(params));
  if (!request) return request.error();
  auto sent = transport.send(*request);
  if (!sent) return oauth2_unreachable(call, sent.error());
  return std::move(*sent);
}

std::string oauth2_call_name(const std::string& what, const std::string& url) {
  return "OAuth2 " + what + " (POST " + url + ")";
}

}  // namespace freshauth::detail
