#include "session/curl_command.h"

#include <iostream>
#include <nlohmann/json.hpp>

#include "common/command_errors.h"
#include "common/command_help.h"
#include "common/exit_codes.h"
#include "common/profile_options.h"
#include "freshauth/client/client.h"
#include "session/cli_session.h"

namespace freshauth::cli {
namespace {

constexpr std::string_view kCommand = "curl";

void print_response(std::ostream& out, const ApiResponse& response, const CurlOptions& options) {
  if (options.json) {
    nlohmann::json headers = nlohmann::json::array();
    for (const auto& [name, value] : response.headers.fields()) headers.push_back({name, value});
    const nlohmann::json answer = {
        {"status", response.status}, {"headers", headers}, {"body", response.body}};
    out << answer.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return;
  }
  if (options.include_headers) {
    out << "HTTP " << response.status << "\n";
    for (const auto& [name, value] : response.headers.fields()) {
      out << name << ": " << value << "\n";
    }
    out << "\n";
  }
  out << response.body << std::flush;
}

}  // namespace

int run(const CurlOptions& options, CommandContext& context) {
  int exit_code = kExitOk;
  auto session = signed_in_session(context, kCommand, options.profile, exit_code);
  if (!session) return exit_code;
  const auto& settings = session->stores.settings;
  auto call =
      build_api_call(options.call, settings.api_base.value_or(session->endpoint()), context.in);
  if (!call) return report_usage(context.err, kCommand, call.error().message);

  Client client{*session->engine, ClientOptions{call->base_url, nullptr, {{"Accept", "*/*"}}}};
  auto response = client.try_request(call->method, call->path, call->body, call->headers);
  if (!response) {
    const Error& error = response.error();
    if (options.json && error.http_status) {
      const nlohmann::json out = {{"status", *error.http_status}, {"error", error.message}};
      context.out << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    }
    return report_failure(context.err, kCommand, error, session->profile_name());
  }
  print_response(context.out, *response, options);
  return kExitOk;
}

void add_curl_command(CLI::App& app, CommandContext& context, int& exit_code) {
  auto options = std::make_shared<CurlOptions>();
  auto* curl = add_command(
      app, "curl", "Send one authenticated request and print the response body",
      "Send one authenticated request and print the response body. Authorization and "
      "X-Preferred-Partner-Id come from one snapshot of the session, refreshed first when it is "
      "close to expiry. A path starting with / is sent to the profile's api_base (default: its "
      "endpoint). A 401 ends the session (sign in again); it is never retried. Non-2xx answers "
      "print the status and the start of the body on stderr.\n"
      "Example: freshauth curl /api/user\n"
      "         freshauth curl -X PUT -d @body.json -H 'If-Match: 3' /api/items/7" +
          session_exit_codes_help());
  add_profile_options(*curl, options->profile);
  curl->add_option("-X,--request", options->call.method,
                   "HTTP method (default GET, or POST with -d)");
  curl->add_option_function<std::string>(
      "-d,--data", [options](const std::string& data) { options->call.data = data; },
      "Request body: text, @FILE, or @- for stdin (Content-Type defaults to application/json)");
  curl->add_option("-H,--header", options->call.headers, "Extra header 'Name: value' (repeatable)");
  curl->add_flag("-i,--include", options->include_headers, "Print the status and headers first");
  curl->add_flag("--json", options->json, "Print {status, headers, body} as JSON");
  curl->add_option("target", options->call.target, "PATH (e.g. /api/user) or full URL")->required();
  run_on_parse(*curl, options, context, exit_code);
}

}  // namespace freshauth::cli
