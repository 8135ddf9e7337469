#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "freshauth/platform/run_process.h"

// Real peers (Node packages from package.json, redis-server, ...) for interop tests. `./dev test`
// sets FRESHAUTH_REQUIRE_PEERS=1 after installing them, so there a missing peer fails the test;
// a bare `ctest` on a machine without them skips it instead.
namespace freshauth::testing {

inline bool peers_required() {
  const char* value = std::getenv("FRESHAUTH_REQUIRE_PEERS");
  return value != nullptr && std::string{value} == "1";
}

inline bool node_available() {
  platform::ProcessSpec spec;
  spec.argv = {"node", "--version"};
  spec.out = platform::Stdio::null;
  spec.err = platform::Stdio::null;
  const auto run = platform::run_process(spec, {}, std::chrono::seconds{30});
  return run && run->exit && run->exit->code == 0;
}

// node_modules/<package> under the repository root.
inline bool node_package_installed(const std::filesystem::path& source_dir,
                                   const std::string& package) {
  return std::filesystem::exists(source_dir / "node_modules" / package / "package.json");
}

}  // namespace freshauth::testing

// Use in a test body or SetUp(): fails (under ./dev test) or skips (bare ctest) when `available`
// is false, naming the peer and how to install it.
#define FRESHAUTH_REQUIRE_PEER(available, what)                                      \
  do {                                                                               \
    if (!(available)) {                                                              \
      if (::freshauth::testing::peers_required()) {                                  \
        FAIL() << (what) << " is missing: ./dev test installs it (apt-get, npm ci)"; \
      }                                                                              \
      GTEST_SKIP() << (what) << " is missing (run ./dev test, which installs it)";   \
    }                                                                                \
  } while (0)
