#pragma once

// What the load harnesses share: they fail loudly at start, and serve until the script that runs
// wrk against them closes their standard input.
#include <cerrno>
#include <cstdlib>
#include <iostream>
#include <string>
#include <utility>

#include "freshauth/core/error.h"

namespace freshauth::bench {

[[noreturn]] inline void fail(const std::string& what) {
  std::cerr << program_invocation_short_name << ": " << what << "\n";
  std::exit(1);
}

template <class T>
T value_or_fail(Result<T> result, const std::string& what) {
  if (!result) fail(what + ": " + result.error().describe());
  return std::move(*result);
}

inline void value_or_fail(const Result<void>& result, const std::string& what) {
  if (!result) fail(what + ": " + result.error().describe());
}

inline void serve_until_stdin_closes() {
  std::string ignored;
  while (std::getline(std::cin, ignored)) {
  }
}

}  // namespace freshauth::bench
