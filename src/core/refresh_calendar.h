#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "freshauth/core/clock.h"

namespace freshauth::detail {

// How many refresh-aheads a table has scheduled in each second ahead, so that sessions whose
// tokens were issued together (a burst of sign-ins) refresh spread over their tokens' lives
// instead of together in the last tenth, and stay spread in the lifetimes after. Not
// thread-safe: the table guards it.
class RefreshCalendar {
 public:
  // A second holding fewer refreshes than this is never crowded: below it, a burst costs the
  // provider nothing, and a small table keeps the times its jitter drew.
  static constexpr std::uint32_t kCrowded = 8;
  // Random instants a crowded second's refresh may go to, the least crowded taken: a few
  // choices keep every second near the mean (the power of two choices).
  static constexpr int kCandidates = 4;
  static constexpr std::int64_t kSeconds = std::int64_t{1} << 16;  // how far ahead it counts

  // Where a refresh-ahead preferred at `preferred` goes, counted there: at `preferred`, unless
  // its second holds kCrowded or more; then at whichever of a few random instants from
  // `earliest` to `latest` falls in the least crowded second, if that is less crowded. Never
  // before `earliest` or `now`, never after `latest` or `preferred`, whichever is later.
  TimePoint place(TimePoint now, TimePoint earliest, TimePoint preferred, TimePoint latest,
                  std::mt19937_64& random);
  // The instants place() chooses among: `preferred` first, then a few random ones.
  static std::vector<TimePoint> candidates(TimePoint now, TimePoint earliest, TimePoint preferred,
                                           TimePoint latest, std::mt19937_64& random);
  // place() once its candidates are drawn; a fleet-wide count chooses among the same ones.
  TimePoint place_among(TimePoint now, const std::vector<TimePoint>& candidates);
  // Where a refresh-ahead found late goes (its time passed before it was placed, or while the
  // table was behind), counted there, so that a backlog does not reach the provider in one
  // second: at whichever of a few random instants from `now` to `latest` falls in the least
  // crowded second. Never before `now`, never after `latest` (at `now` when `latest` is not
  // ahead).
  TimePoint place_late(TimePoint now, TimePoint latest, std::mt19937_64& random);
  // A refresh placed elsewhere (another replica's plan), counted at `when`.
  void count_in(TimePoint now, TimePoint when);
  // A refresh placed earlier that will not happen there (the session was refreshed, replaced or
  // ended first).
  void remove(TimePoint now, TimePoint when);
  // Counted in the second of `when` (0 for a second gone by or out of reach).
  std::uint32_t count(TimePoint now, TimePoint when);

 private:
  struct Second {
    std::int64_t index = -1;
    std::uint32_t count = 0;
  };
  static std::int64_t second_of(TimePoint when);
  // Forgets the seconds before `now_second`.
  void advance(std::int64_t now_second);
  Second* slot(std::int64_t second, std::int64_t now_second);
  void count_in(Second& second);

  std::vector<Second> seconds_;   // a ring, allocated on first use
  std::int64_t first_live_ = -1;  // the earliest second still counted
};

}  // namespace freshauth::detail
