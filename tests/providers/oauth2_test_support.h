#pragma once

#include <memory>
#include <string>

#include "freshauth/providers/oauth2_authenticator.h"
#include "freshauth/server/form_body.h"
#include "support/fake_transport.h"

namespace freshauth::testing {

// Endpoints of a made-up server, every optional one present.
inline OAuth2Endpoints example_endpoints() {
  OAuth2Endpoints endpoints;
  endpoints.issuer = "https://id.example.com";
  endpoints.authorization_endpoint = "https://id.example.com/authorize";
  endpoints.token_endpoint = "https://id.example.com/token";
  endpoints.revocation_endpoint = "https://id.example.com/revoke";
  endpoints.device_authorization_endpoint = "https://id.example.com/device";
  return endpoints;
}

inline OAuth2Client public_client() { return {"cli", std::nullopt, ClientAuthMethod::none, {}}; }

// An authenticator over a scripted transport the test fills and inspects.
struct ScriptedOAuth2 {
  explicit ScriptedOAuth2(OAuth2Client client = public_client(),
                          OAuth2Endpoints endpoints = example_endpoints())
      : transport(std::make_shared<FakeTransport>()),
        authenticator({std::move(endpoints), std::move(client), transport}) {}

  // The form fields of the n-th request sent.
  server::FormFields sent_form(std::size_t n = 0) const {
    const auto requests = transport->requests();
    if (n >= requests.size()) return {};
    return server::parse_form_fields(requests[n].body).value_or(server::FormFields{});
  }

  std::shared_ptr<FakeTransport> transport;
  OAuth2Authenticator authenticator;
};

inline const char* kTokens =
    R"({"access_token":"AT-1","id_token":"ID-1","refresh_token":"RT-2","token_type":"Bearer","expires_in":300})";

}  // namespace freshauth::testing
