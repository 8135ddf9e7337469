#include "server/wire_format.h"

#include <gtest/gtest.h>

namespace freshauth::server {
namespace {

TEST(WireFormat, AResponseHeadFramesTheBodyItself) {
  const std::string head = response_head(
      200, {{"Content-Type", "application/json"}, {"content-length", "999"}, {"Connection", "x"}},
      17, true);
  EXPECT_EQ(head,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 17\r\n\r\n");
}

TEST(WireFormat, AResponseThatEndsTheConnectionSaysSo) {
  EXPECT_EQ(response_head(404, {}, 0, false),
            "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
}

TEST(WireFormat, ResponsesWithoutABodyHaveNoLength) {
  EXPECT_EQ(response_head(204, {}, 0, true), "HTTP/1.1 204 No Content\r\n\r\n");
  EXPECT_EQ(response_head(304, {{"ETag", "\"a\""}}, 0, true),
            "HTTP/1.1 304 Not Modified\r\nETag: \"a\"\r\n\r\n");
}

TEST(WireFormat, AnUnknownStatusStillHasAStatusLine) {
  EXPECT_EQ(response_head(599, {}, 0, true).substr(0, 13), "HTTP/1.1 599 ");
}

TEST(WireFormat, ARequestHeadNamesTheHostUnlessItsHeadersDo) {
  EXPECT_EQ(request_head("GET", "/api/ping?x=1", {{"Authorization", "Bearer t"}}, "up:8080", 0),
            "GET /api/ping?x=1 HTTP/1.1\r\nHost: up:8080\r\nAuthorization: Bearer t\r\n\r\n");
  EXPECT_EQ(request_head("GET", "/", {{"host", "named"}}, "up:8080", 0),
            "GET / HTTP/1.1\r\nhost: named\r\n\r\n");
}

TEST(WireFormat, ARequestCarriesItsLengthWhenItHasABodyOrMethodExpectsOne) {
  EXPECT_EQ(request_head("POST", "/a", {{"Transfer-Encoding", "chunked"}}, "h", 0),
            "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(request_head("DELETE", "/a", {}, "h", 3),
            "DELETE /a HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\n");
  EXPECT_EQ(request_head("DELETE", "/a", {}, "h", 0), "DELETE /a HTTP/1.1\r\nHost: h\r\n\r\n");
}

}  // namespace
}  // namespace freshauth::server
