#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "counting_idp.h"
#include "freshauth/core/clock.h"

namespace freshauth::bench {

// The phases of a run (bench/fleet/run_wrk.sh names each on the harness's standard input as it
// begins it): when each began and ended, and what the idp counted within it, so that a phase's
// figures leave out the load of the phases around it.
class PhaseLog {
 public:
  // `tally`: the idp's counts as the phase begins (the previous phase ends here).
  void begin(std::string name, TimePoint at, CountingIdp::Tally tally);
  // [{"name", "started_at", "ended_at" (epoch seconds, to the millisecond), "refreshes",
  // "sessions_by_refreshes" (refreshes within the phase), "reused", "refused"}, ...]; the last
  // phase ends at `at`, with the idp's counts `tally`.
  nlohmann::json end(TimePoint at, const CountingIdp::Tally& tally) const;

 private:
  struct Mark {
    std::string name;
    TimePoint at;
    CountingIdp::Tally tally;
  };
  std::vector<Mark> marks_;
};

}  // namespace freshauth::bench
