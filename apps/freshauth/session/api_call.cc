#include "session/api_call.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>

#include "freshauth/http/auth_headers.h"

namespace freshauth::cli {
namespace {

Error bad(std::string message) { return {Errc::invalid_argument, std::move(message), {}}; }

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return std::string{text.substr(first, last - first + 1)};
}

bool is_token(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
           std::string_view{"!#$%&'*+-.^_`|~"}.find(c) != std::string_view::npos;
  });
}

Result<std::string> read_data(const std::string& data, std::istream& stdin_stream) {
  if (!data.starts_with('@')) return data;
  std::ostringstream contents;
  if (data == "@-") {
    contents << stdin_stream.rdbuf();
    return contents.str();
  }
  const std::string file = data.substr(1);
  std::ifstream in(file, std::ios::binary);
  if (!in) return bad("cannot read the data file " + file);
  contents << in.rdbuf();
  return contents.str();
}

Result<void> add_header(const std::string& line, HttpHeaders& headers) {
  const auto colon = line.find(':');
  const std::string name = trim(std::string_view{line}.substr(0, colon));
  if (colon == std::string::npos || !is_token(name)) {
    return bad("header `" + line.substr(0, line.find(':')) + "` is not `Name: value`");
  }
  if (equals_ignoring_case(name, kAuthorizationHeader) ||
      equals_ignoring_case(name, kPartnerIdHeader)) {
    return bad(name + " comes from the session; drop -H " + name);
  }
  headers.add(name, trim(std::string_view{line}.substr(colon + 1)));
  return {};
}

}  // namespace

Result<ApiCall> build_api_call(const ApiCallArguments& arguments, const std::string& api_base,
                               std::istream& stdin_stream) {
  ApiCall call;
  if (arguments.target.starts_with('/')) {
    if (api_base.empty()) return bad("no API base for the path " + arguments.target);
    call.base_url = api_base;
    call.path = arguments.target;
  } else if (arguments.target.starts_with("http://") || arguments.target.starts_with("https://")) {
    call.path = arguments.target;
  } else {
    return bad("`" + arguments.target +
               "` is neither a path (starting with /) nor an http:// or https:// URL");
  }
  if (arguments.data) {
    auto body = read_data(*arguments.data, stdin_stream);
    if (!body) return body.error();
    call.body = std::move(*body);
  }
  call.method = arguments.method.empty() ? (arguments.data ? "POST" : "GET") : arguments.method;
  std::transform(call.method.begin(), call.method.end(), call.method.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  if (!is_token(call.method)) return bad("`" + arguments.method + "` is not an HTTP method");
  for (const auto& line : arguments.headers) {
    if (auto added = add_header(line, call.headers); !added) return added.error();
  }
  return call;
}

}  // namespace freshauth::cli
