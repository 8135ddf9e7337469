// Boost.Beast: set the snapshot's headers on an http::request. The only Beast translation unit
// outside the server layer; keep it that way, Beast is slow to compile.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <iostream>

#include "example_session.h"
#include "freshauth/http/auth_headers.h"

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

int main() {
  auto engine = example::signed_in_engine();
  if (!engine) return 1;
  const auto [host, port] = example::host_and_port();

  try {
    boost::asio::io_context io;
    beast::tcp_stream stream(io);
    stream.connect(tcp::resolver(io).resolve(host, port));

    http::request<http::string_body> request{http::verb::get, "/api/user", 11};
    request.set(http::field::host, host);
    request.set(http::field::accept, "application/json");
    const auto auth = freshauth::AuthHeaders::from(engine->ensure_fresh());
    const freshauth::HttpHeaders snapshot = auth.as_headers();
    for (const auto& [name, value] : snapshot.fields()) request.set(name, value);

    http::write(stream, request);
    beast::flat_buffer buffer;
    http::response<http::string_body> response;
    http::read(stream, buffer, response);
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);

    if (response.result() == http::status::unauthorized) {
      engine->report_unauthorized(auth.generation);  // no retry: sign in again
      std::cerr << "session expired\n";
      return 1;
    }
    std::cout << response.result_int() << " " << response.body() << "\n";
    return response.result() == http::status::ok ? 0 : 1;
  } catch (const std::exception& error) {
    std::cerr << error.what() << "\n";
    return 1;
  }
}
