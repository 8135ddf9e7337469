#include "phase_log.h"

#include <numeric>

namespace freshauth::bench {
namespace {

double epoch_seconds(TimePoint at) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch());
  return static_cast<double>(ms.count()) / 1000.0;
}

nlohmann::json phase(const std::string& name, TimePoint started_at, const CountingIdp::Tally& from,
                     TimePoint ended_at, const CountingIdp::Tally& to) {
  std::vector<std::uint32_t> refreshes(to.refreshes.size());
  for (std::size_t i = 0; i < refreshes.size(); ++i) {
    refreshes[i] = to.refreshes[i] - from.refreshes[i];
  }
  return {{"name", name},
          {"started_at", epoch_seconds(started_at)},
          {"ended_at", epoch_seconds(ended_at)},
          {"refreshes", std::accumulate(refreshes.begin(), refreshes.end(), std::uint64_t{0})},
          {"sessions_by_refreshes", sessions_by_refreshes(refreshes)},
          {"reused", to.reused - from.reused},
          {"refused", to.refused - from.refused}};
}

}  // namespace

void PhaseLog::begin(std::string name, TimePoint at, CountingIdp::Tally tally) {
  marks_.push_back({std::move(name), at, std::move(tally)});
}

nlohmann::json PhaseLog::end(TimePoint at, const CountingIdp::Tally& tally) const {
  nlohmann::json phases = nlohmann::json::array();
  for (std::size_t i = 0; i < marks_.size(); ++i) {
    const bool last = i + 1 == marks_.size();
    phases.push_back(phase(marks_[i].name, marks_[i].at, marks_[i].tally,
                           last ? at : marks_[i + 1].at, last ? tally : marks_[i + 1].tally));
  }
  return phases;
}

}  // namespace freshauth::bench
