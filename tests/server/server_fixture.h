#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <string>

#include "freshauth/server/http_server.h"

namespace freshauth::testing {

// A raw TCP client for what a well-behaved HTTP client will not send.
class RawSocket {
 public:
  explicit RawSocket(std::uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    timeval timeout{5, 0};  // a hang fails the test instead of blocking it
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  }
  ~RawSocket() { ::close(fd_); }
  bool connected() const { return connected_; }
  void send(const std::string& bytes) {
    (void)::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
  }
  // Everything until the server closes (or 5 s pass: then closed_by_server() is false).
  std::string read_all() {
    std::string all;
    char chunk[4096];
    for (;;) {
      const auto n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n <= 0) {
        closed_by_server_ = n == 0;
        return all;
      }
      all.append(chunk, static_cast<std::size_t>(n));
    }
  }
  bool closed_by_server() const { return closed_by_server_; }

 private:
  int fd_;
  bool connected_ = false;
  bool closed_by_server_ = false;
};

}  // namespace freshauth::testing
