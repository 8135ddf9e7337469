#pragma once

#include <CLI/CLI.hpp>

#include "common/command_context.h"
#include "freshauth/credentials/profile.h"
#include "session/api_call.h"

namespace freshauth::cli {

struct CurlOptions {
  ProfileRequest profile;
  ApiCallArguments call;
  bool include_headers = false;
  bool json = false;
};

// `freshauth curl`: one authenticated request through freshauth::Client (token and partner id
// from one session snapshot, refreshed first when needed, no retry on 401).
int run(const CurlOptions& options, CommandContext& context);
void add_curl_command(CLI::App& app, CommandContext& context, int& exit_code);

}  // namespace freshauth::cli
