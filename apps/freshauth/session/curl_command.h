#pragma once

#include <CLI/CLI.hpp>

#include "session/api_call.h"
#include "freshauth/credentials/environment.h"
#include "freshauth/credentials/profile.h"

namespace freshauth::cli {

struct CurlOptions {
  ProfileRequest profile;
  ApiCallArguments call;
  bool include_headers = false;
  bool json = false;
};

// `freshauth curl`: one authenticated request through freshauth::Client (token and partner id
// from one session snapshot, refreshed first when needed, no retry on 401).
int run_curl(const CurlOptions& options, const Environment& env);
void add_curl_command(CLI::App& app, int& exit_code);

}  // namespace freshauth::cli
