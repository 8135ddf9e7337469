#include "core/refresh_calendar.h"

#include <algorithm>

namespace freshauth::detail {

std::int64_t RefreshCalendar::second_of(TimePoint when) {
  return std::chrono::floor<std::chrono::seconds>(when.time_since_epoch()).count();
}

void RefreshCalendar::advance(std::int64_t now_second) {
  if (seconds_.empty()) seconds_.resize(static_cast<std::size_t>(kSeconds));
  if (first_live_ < 0 || now_second - first_live_ >= kSeconds) {
    if (first_live_ >= 0) std::fill(seconds_.begin(), seconds_.end(), Second{});
    first_live_ = now_second;
    return;
  }
  for (; first_live_ < now_second; ++first_live_) {
    Second& gone = seconds_[static_cast<std::size_t>(first_live_ & (kSeconds - 1))];
    if (gone.index == first_live_) gone = Second{};
  }
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

std::vector<TimePoint> RefreshCalendar::candidates(TimePoint now, TimePoint earliest,
                                                   TimePoint preferred, TimePoint latest,
                                                   std::mt19937_64& random) {
  std::vector<TimePoint> found{preferred};
  latest = std::min(std::max(latest, preferred),
                    TimePoint{std::chrono::seconds{second_of(now) + kSeconds}} - Duration{1});
  if (earliest >= latest || now >= latest) return found;
  // Later as well as earlier: refreshes only moved earlier leave the seconds after a crowd
  // empty, and the crowd comes back a refresh interval on. The same draws whatever `now`, so
  // that replicas placing one token from one seed (SessionTable's) mostly pick alike.
  std::uniform_int_distribution<Duration::rep> any_instant{0, (latest - earliest).count()};
  const Duration reachable = latest - std::max(earliest, now);
  for (int i = 0; i < kCandidates; ++i) {
    Duration offset{any_instant(random)};
    if (earliest + offset < now) offset = now - earliest + offset % (reachable + Duration{1});
    found.push_back(earliest + offset);
  }
  return found;
}

TimePoint RefreshCalendar::place_among(TimePoint now, const std::vector<TimePoint>& candidates) {
  const std::int64_t now_second = second_of(now);
  advance(now_second);
  Second* chosen = slot(second_of(candidates.front()), now_second);
  if (chosen == nullptr) return candidates.front();  // due already, or beyond what is counted
  TimePoint placed = candidates.front();
  if (chosen->count >= kCrowded) {
    for (std::size_t i = 1; i < candidates.size(); ++i) {
      Second* second = slot(second_of(candidates[i]), now_second);
      if (second == nullptr || second->count >= chosen->count) continue;
      chosen = second;
      placed = candidates[i];
    }
  }
  count_in(*chosen);
  return placed;
}

TimePoint RefreshCalendar::place(TimePoint now, TimePoint earliest, TimePoint preferred,
                                 TimePoint latest, std::mt19937_64& random) {
  return place_among(now, candidates(now, earliest, preferred, latest, random));
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

void RefreshCalendar::count_in(Second& second) { ++second.count; }

void RefreshCalendar::count_in(TimePoint now, TimePoint when) {
  const std::int64_t now_second = second_of(now);
  advance(now_second);
  if (Second* found = slot(second_of(when), now_second)) count_in(*found);
}

void RefreshCalendar::remove(TimePoint now, TimePoint when) {
  const std::int64_t now_second = second_of(now);
  advance(now_second);
  Second* found = slot(second_of(when), now_second);
  if (found == nullptr || found->count == 0) return;
  --found->count;
}

}  // namespace freshauth::detail
