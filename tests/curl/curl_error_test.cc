#include "curl/curl_error.h"

#include <gtest/gtest.h>

namespace freshauth {
namespace {

TEST(CurlErrorTest, ClassifiesTheFailuresCallersActOn) {
  const std::pair<CURLcode, TransportErrc> cases[] = {
      {CURLE_COULDNT_CONNECT, TransportErrc::connect_failed},
      {CURLE_COULDNT_RESOLVE_HOST, TransportErrc::connect_failed},
      {CURLE_OPERATION_TIMEDOUT, TransportErrc::timeout},
      {CURLE_PEER_FAILED_VERIFICATION, TransportErrc::tls},
      {CURLE_SSL_CONNECT_ERROR, TransportErrc::tls},
      {CURLE_GOT_NOTHING, TransportErrc::connection_lost},
      {CURLE_PARTIAL_FILE, TransportErrc::connection_lost},
      {CURLE_RECV_ERROR, TransportErrc::connection_lost},
      {CURLE_URL_MALFORMAT, TransportErrc::invalid_request},
      {CURLE_OUT_OF_MEMORY, TransportErrc::other},
  };
  for (const auto& [code, expected] : cases) {
    EXPECT_EQ(detail::transport_error_from(code, "GET /x").code, expected) << code;
  }
}

TEST(CurlErrorTest, MessageNamesTheCallCurlsReasonAndDetail) {
  const TransportError error =
      detail::transport_error_from(CURLE_OPERATION_TIMEDOUT, "GET http://h/x", "after 200 ms");
  EXPECT_EQ(error.native_code, CURLE_OPERATION_TIMEDOUT);
  EXPECT_EQ(error.describe(), "timeout: GET http://h/x: Timeout was reached (after 200 ms)");
}

}  // namespace
}  // namespace freshauth
