#include "http/http_date.h"

#include <array>
#include <charconv>
#include <chrono>
#include <string>
#include <vector>

namespace freshauth::detail {
namespace {

std::vector<std::string_view> split(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t at = 0;
  while (at < text.size()) {
    const auto start = text.find_first_not_of(' ', at);
    if (start == std::string_view::npos) break;
    const auto end = std::min(text.find(' ', start), text.size());
    words.push_back(text.substr(start, end - start));
    at = end;
  }
  return words;
}

std::optional<int> number(std::string_view digits, std::size_t min_length, std::size_t max_length) {
  if (digits.size() < min_length || digits.size() > max_length) return std::nullopt;
  int value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error != std::errc{} || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

std::optional<unsigned> month(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (unsigned i = 0; i < kMonths.size(); ++i) {
    if (kMonths[i] == name) return i + 1;
  }
  return std::nullopt;
}

struct TimeOfDay {
  int hours, minutes, seconds;
};

std::optional<TimeOfDay> time_of_day(std::string_view text) {
  if (text.size() != 8 || text[2] != ':' || text[5] != ':') return std::nullopt;
  const auto h = number(text.substr(0, 2), 2, 2);
  const auto m = number(text.substr(3, 2), 2, 2);
  const auto s = number(text.substr(6, 2), 2, 2);
  if (!h || !m || !s || *h > 23 || *m > 59 || *s > 60) return std::nullopt;
  return TimeOfDay{*h, *m, *s};
}

std::optional<std::time_t> to_epoch(int year, std::optional<unsigned> month_number,
                                    std::optional<int> day, std::optional<TimeOfDay> time) {
  if (!month_number || !day || !time) return std::nullopt;
  using namespace std::chrono;
  const year_month_day date{std::chrono::year{year}, std::chrono::month{*month_number},
                            std::chrono::day{static_cast<unsigned>(*day)}};
  if (!date.ok()) return std::nullopt;
  const auto at =
      sys_days{date} + hours{time->hours} + minutes{time->minutes} + seconds{time->seconds};
  return static_cast<std::time_t>(at.time_since_epoch().count());
}

bool is_day_name(std::string_view word) {
  static constexpr std::array<std::string_view, 7> kDays = {"Mon", "Tue", "Wed", "Thu",
                                                            "Fri", "Sat", "Sun"};
  static constexpr std::array<std::string_view, 7> kLongDays = {
      "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
  for (auto day : kDays) {
    if (word == day) return true;
  }
  for (auto day : kLongDays) {
    if (word == day) return true;
  }
  return false;
}

// "06 Nov 1994 08:49:37 GMT" (IMF-fixdate) or "06-Nov-94 08:49:37 GMT" (RFC 850).
std::optional<std::time_t> after_comma(std::string_view rest) {
  std::string spaced{rest};
  const bool rfc850 = spaced.find('-') != std::string::npos;
  if (rfc850) {
    for (char& c : spaced) c = c == '-' ? ' ' : c;
  }
  const auto words = split(spaced);
  if (words.size() != 5 || words[4] != "GMT") return std::nullopt;
  int year = 0;
  if (rfc850) {
    const auto yy = number(words[2], 2, 2);
    if (!yy) return std::nullopt;
    year = *yy < 70 ? 2000 + *yy : 1900 + *yy;  // as libcurl read them
  } else {
    const auto yyyy = number(words[2], 4, 4);
    if (!yyyy) return std::nullopt;
    year = *yyyy;
  }
  return to_epoch(year, month(words[1]), number(words[0], 2, 2), time_of_day(words[3]));
}

// "Nov  6 08:49:37 1994" (asctime).
std::optional<std::time_t> asctime_rest(std::string_view rest) {
  const auto words = split(rest);
  if (words.size() != 4) return std::nullopt;
  const auto year = number(words[3], 4, 4);
  if (!year) return std::nullopt;
  return to_epoch(*year, month(words[0]), number(words[1], 1, 2), time_of_day(words[2]));
}

}  // namespace

std::optional<std::time_t> parse_http_date(std::string_view text) {
  const auto end_of_day = text.find_first_of(", ");
  if (end_of_day == std::string_view::npos || !is_day_name(text.substr(0, end_of_day))) {
    return std::nullopt;
  }
  if (text[end_of_day] == ',') return after_comma(text.substr(end_of_day + 1));
  return asctime_rest(text.substr(end_of_day + 1));
}

}  // namespace freshauth::detail
