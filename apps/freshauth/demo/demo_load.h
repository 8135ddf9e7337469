#pragma once

#include "demo/demo_options.h"
#include "demo/demo_report.h"
#include "demo/demo_signals.h"
#include "freshauth/core/refresh_policy.h"

namespace freshauth::cli {

enum class EngineMode { improved, naive };

// improved: the library's defaults. naive: its three improvements switched off: the refresh
// threshold not capped by the token's lifetime, callers waiting in the soft window, and expiry
// taken from ExpiresIn only.
RefreshPolicy policy_for(EngineMode mode);
const char* name_of(EngineMode mode);

// One run: a fresh server and session, `options.threads` threads calling GET /api/user through
// freshauth::Client for `options.duration` (less if a stop signal arrives), with a live progress
// line on stderr. Fails only when the run could not start (server, first sign-in).
Result<RunSummary> run_load(EngineMode mode, const DemoOptions& options, StopSignals& signals);

}  // namespace freshauth::cli
