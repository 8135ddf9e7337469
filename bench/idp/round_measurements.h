#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "cognito_call_load.h"

namespace freshauth::bench {

/// One figure per side and round: rates and the server's CPU time per answer, by side name
/// ("idp refresh", "cognito-local refresh", ...).
class RoundMeasurements {
 public:
  /// Records one side's run of one round and prints it as a progress line.
  void add(const std::string& side, const LoadResult& result);

  /// A row of the summary: the idp's side against cognito-local's, round by round.
  struct Comparison {
    std::string workload;
    std::string idp_side;
    std::string cognito_side;
  };
  /// Per comparison: median rates, the median and min..max of the per-round rate ratio
  /// (idp / cognito-local), and of the CPU time per answer ratio (cognito-local / idp).
  void print_summary(const std::vector<Comparison>& comparisons) const;

  std::int64_t failed() const { return failed_; }

 private:
  std::map<std::string, std::vector<LoadResult>> results_;
  std::int64_t failed_ = 0;
};

}  // namespace freshauth::bench
