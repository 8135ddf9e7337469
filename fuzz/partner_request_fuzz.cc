// libFuzzer target: the idp's request-body handling (content type, JSON parsing, field checks).
// Every input must decode or produce a 4xx JSON refusal; a crash, leak or exception is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "freshauth/idp/partner_requests.h"

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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const char* kContentTypes[] = {"application/json", "application/json; charset=utf-8",
                                        "text/plain", "", "APPLICATION/JSON"};
  ServerRequest request;
  request.method = "POST";
  request.headers.emplace("Content-Type", kContentTypes[data[0] % 5]);
  request.body.assign(reinterpret_cast<const char*>(data + 1), size - 1);
  switch ((data[0] / 5) % 4) {
    case 0:
      check(freshauth::idp::decode_sign_in(request));
      break;
    case 1:
      check(freshauth::idp::decode_mfa_answer(request));
      break;
    case 2:
      check(freshauth::idp::decode_refresh(request));
      break;
    default:
      check(freshauth::idp::decode_logout(request));
      break;
  }
  return 0;
}
