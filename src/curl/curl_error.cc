#include "curl/curl_error.h"

#include <cstring>

namespace freshauth::detail {
namespace {

TransportErrc classify(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
      return TransportErrc::connect_failed;
    case CURLE_OPERATION_TIMEDOUT:
      return TransportErrc::timeout;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
      return TransportErrc::tls;
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return TransportErrc::connection_lost;
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_BAD_FUNCTION_ARGUMENT:
    case CURLE_UNKNOWN_OPTION:
      return TransportErrc::invalid_request;
    default:
      return TransportErrc::other;
  }
}

}  // namespace

TransportError transport_error_from(CURLcode code, const std::string& what, const char* detail) {
  std::string message = what + ": " + curl_easy_strerror(code);
  if (detail != nullptr && std::strlen(detail) > 0) message += std::string{" ("} + detail + ")";
  return {classify(code), std::move(message), static_cast<int>(code)};
}

}  // namespace freshauth::detail
