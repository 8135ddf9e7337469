#include "server/wire_format.h"

#include <array>
#include <boost/beast/http/status.hpp>
#include <charconv>
#include <ostream>  // Beast's string_view needs it and does not include it

#include "freshauth/core/ascii_text.h"

namespace freshauth::server {
namespace {

bool framing(std::string_view name) {
  return equals_ignoring_case(name, "content-length") ||
         equals_ignoring_case(name, "transfer-encoding") ||
         equals_ignoring_case(name, "connection");
}

void append_number(std::string& out, std::size_t number) {
  std::array<char, 24> digits{};
  auto* const end = std::to_chars(digits.data(), digits.data() + digits.size(), number).ptr;
  out.append(digits.data(), end);
}

void append_fields(std::string& out, const WireHeaders& headers) {
  for (const auto& [name, value] : headers) {
    if (framing(name)) continue;
    out.append(name).append(": ").append(value).append("\r\n");
  }
}

std::size_t head_size(const WireHeaders& headers) {
  std::size_t size = 64;
  for (const auto& [name, value] : headers) size += name.size() + value.size() + 4;
  return size;
}

}  // namespace

std::string response_head(int status, const WireHeaders& headers, std::size_t body_size,
                          bool keep_alive) {
  std::string out;
  out.reserve(head_size(headers));
  out.append("HTTP/1.1 ");
  append_number(out, static_cast<std::size_t>(status));
  out.push_back(' ');
  const auto reason =
      boost::beast::http::obsolete_reason(boost::beast::http::int_to_status(status));
  out.append(reason.data(), reason.size()).append("\r\n");
  append_fields(out, headers);
  const bool bodiless = (status >= 100 && status < 200) || status == 204 || status == 304;
  if (!bodiless) {
    out.append("Content-Length: ");
    append_number(out, body_size);
    out.append("\r\n");
  }
  if (!keep_alive) out.append("Connection: close\r\n");
  out.append("\r\n");
  return out;
}

std::string request_head(std::string_view method, std::string_view target,
                         const WireHeaders& headers, std::string_view default_host,
                         std::size_t body_size) {
  std::string out;
  out.reserve(head_size(headers) + target.size() + default_host.size());
  out.append(method).append(" ").append(target).append(" HTTP/1.1\r\n");
  bool has_host = false;
  for (const auto& [name, value] : headers)
    has_host = has_host || equals_ignoring_case(name, "host");
  if (!has_host) out.append("Host: ").append(default_host).append("\r\n");
  append_fields(out, headers);
  if (body_size > 0 || method == "POST" || method == "PUT" || method == "PATCH") {
    out.append("Content-Length: ");
    append_number(out, body_size);
    out.append("\r\n");
  }
  out.append("\r\n");
  return out;
}

}  // namespace freshauth::server
