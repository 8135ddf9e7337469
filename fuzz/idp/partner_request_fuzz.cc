// libFuzzer target: the idp's request-body handling (content type, JSON and form parsing, field
// checks).
// Every input must decode or produce a 4xx JSON refusal; a crash, leak or exception is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "freshauth/server/form_body.h"
#include "idp/partner_requests.h"

namespace {

using freshauth::server::ServerRequest;
using freshauth::server::ServerResponse;

template <class T>
void check(const freshauth::idp::Decoded<T>& decoded) {
  if (const auto* refusal = std::get_if<ServerResponse>(&decoded)) {
    if (refusal->status < 400 || refusal->status >= 500) std::abort();
    const auto body = nlohmann::json::parse(refusal->body, nullptr, false);
    if (!body.is_object() || !body.contains("error")) std::abort();
  }
}

// Form bodies (OAuth2 endpoints): parsed or refused with a 4xx, and every decoded value survives
// an encode/decode round trip.
void check_form(const ServerRequest& request) {
  auto parsed = freshauth::server::parse_form_body(request);
  if (const auto* refusal = std::get_if<ServerResponse>(&parsed)) {
    if (refusal->status < 400 || refusal->status >= 500) std::abort();
    return;
  }
  for (const auto& [name, value] : std::get<freshauth::server::FormFields>(parsed)) {
    if (freshauth::server::percent_decode(freshauth::server::percent_encode(name)) != name) {
      std::abort();
    }
    if (freshauth::server::percent_decode(freshauth::server::percent_encode(value)) != value) {
      std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const char* kContentTypes[] = {"application/json", "application/json; charset=utf-8",
                                        "text/plain", "application/x-www-form-urlencoded",
                                        "APPLICATION/JSON"};
  ServerRequest request;
  request.method = "POST";
  request.headers.emplace("Content-Type", kContentTypes[data[0] % 5]);
  request.body.assign(reinterpret_cast<const char*>(data + 1), size - 1);
  switch ((data[0] / 5) % 5) {
    case 0:
      check(freshauth::idp::decode_sign_in(request));
      break;
    case 1:
      check(freshauth::idp::decode_mfa_answer(request));
      break;
    case 2:
      check(freshauth::idp::decode_refresh(request));
      break;
    case 3:
      check(freshauth::idp::decode_logout(request));
      break;
    default:
      check_form(request);
      break;
  }
  return 0;
}
