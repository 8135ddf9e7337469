#include "core/refresh_calendar.h"

#include <algorithm>
#include <cmath>

namespace freshauth::detail {
namespace {

constexpr int kCandidates = 4;
// How many standard deviations of a Poisson count above the average a second must hold to be
// crowded. Lower spreads a herd more evenly and moves more refreshes of a table already spread
// (each one earlier than it had to be). At 1.5, in refresh_calendar_test.cc's cases, a herd of
// 12,000 peaks at 1.27 times its mean per 30 s and about 2% of a spread table's refreshes move;
// a herd of 33,000 (a replica's share in docs/fleet.md) peaks at 1.15 times.
constexpr double kNoise = 1.5;

}  // namespace

std::int64_t RefreshCalendar::second_of(TimePoint when) {
  return std::chrono::floor<std::chrono::seconds>(when.time_since_epoch()).count();
}

void RefreshCalendar::advance(std::int64_t now_second) {
  if (seconds_.empty()) seconds_.resize(static_cast<std::size_t>(kSeconds));
  if (first_live_ < 0 || now_second - first_live_ >= kSeconds) {
    if (first_live_ >= 0) std::fill(seconds_.begin(), seconds_.end(), Second{});
    first_live_ = now_second;
    last_placed_ = now_second;
    ahead_ = 0;
    return;
  }
  for (; first_live_ < now_second; ++first_live_) {
    Second& gone = seconds_[static_cast<std::size_t>(first_live_ & (kSeconds - 1))];
    if (gone.index == first_live_) {
      ahead_ -= std::min<std::uint64_t>(ahead_, gone.count);
      gone = Second{};
    }
  }
  last_placed_ = std::max(last_placed_, now_second);
}

RefreshCalendar::Second* RefreshCalendar::slot(std::int64_t second, std::int64_t now_second) {
  if (second < now_second || second - now_second >= kSeconds) return nullptr;
  Second& found = seconds_[static_cast<std::size_t>(second & (kSeconds - 1))];
  if (found.index != second) found = Second{second, 0};
  return &found;
}

std::uint32_t RefreshCalendar::count(TimePoint now, TimePoint when) {
  const std::int64_t now_second = second_of(now);
  advance(now_second);
  const Second* found = slot(second_of(when), now_second);
  return found != nullptr ? found->count : 0;
}

TimePoint RefreshCalendar::place(TimePoint now, TimePoint earliest, TimePoint preferred,
                                 std::mt19937_64& random) {
  const std::int64_t now_second = second_of(now);
  advance(now_second);
  const std::int64_t preferred_second = second_of(preferred);
  Second* chosen = slot(preferred_second, now_second);
  if (chosen == nullptr) return preferred;  // due already, or beyond what is counted
  TimePoint placed = preferred;
  const std::int64_t first = std::max(second_of(std::max(earliest, now)), now_second);
  // Over the seconds the counted refreshes lie in: a herd is measured against its own spread.
  const double average =
      static_cast<double>(ahead_) /
      static_cast<double>(std::max(last_placed_, preferred_second) - now_second + 1);
  const double crowded = std::max<double>(kCrowded, average + kNoise * std::sqrt(average) + 1);
  if (chosen->count >= crowded && first < preferred_second) {
    std::uniform_int_distribution<std::int64_t> any_second{first, preferred_second - 1};
    for (int i = 0; i < kCandidates; ++i) {
      const std::int64_t second = any_second(random);
      Second* candidate = slot(second, now_second);
      if (candidate->count >= chosen->count) continue;
      chosen = candidate;
      // Somewhere in that second, so that moved refreshes do not all start on its edge.
      const auto offset = std::uniform_int_distribution<Duration::rep>{
          0, std::chrono::duration_cast<Duration>(std::chrono::seconds{1}).count() - 1}(random);
      placed =
          std::max({now, earliest, TimePoint{std::chrono::seconds{second}} + Duration{offset}});
    }
  }
  count_in(*chosen);
  return placed;
}

TimePoint RefreshCalendar::place_late(TimePoint now, TimePoint latest, std::mt19937_64& random) {
  const std::int64_t now_second = second_of(now);
  advance(now_second);
  const TimePoint counted_until =
      TimePoint{std::chrono::seconds{now_second + kSeconds}} - Duration{1};
  latest = std::clamp(latest, now, counted_until);
  // Random instants rather than random seconds: a second cut short by `now` or `latest` is
  // offered in proportion to what is left of it, so a backlog does not pile into its sliver.
  std::uniform_int_distribution<Duration::rep> any_instant{0, (latest - now).count()};
  TimePoint placed = now + Duration{any_instant(random)};
  Second* chosen = slot(second_of(placed), now_second);
  for (int i = 1; i < kCandidates; ++i) {
    const TimePoint candidate = now + Duration{any_instant(random)};
    Second* second = slot(second_of(candidate), now_second);
    if (second->count >= chosen->count) continue;
    chosen = second;
    placed = candidate;
  }
  count_in(*chosen);
  return placed;
}

void RefreshCalendar::count_in(Second& second) {
  ++second.count;
  ++ahead_;
  last_placed_ = std::max(last_placed_, second.index);
}

void RefreshCalendar::remove(TimePoint now, TimePoint when) {
  const std::int64_t now_second = second_of(now);
  advance(now_second);
  Second* found = slot(second_of(when), now_second);
  if (found == nullptr || found->count == 0) return;
  --found->count;
  --ahead_;
}

}  // namespace freshauth::detail
