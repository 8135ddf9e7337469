#include "round_measurements.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <functional>
#include <string>

namespace freshauth::bench {
namespace {

struct Spread {
  double median = 0;
  double min = 0;
  double max = 0;
};

Spread spread(std::vector<double> values) {
  if (values.empty()) return {};
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  const double median = n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  return {median, values.front(), values.back()};
}

// f(idp, cognito) for each round both sides ran.
std::vector<double> per_round(
    const std::vector<LoadResult>& idp, const std::vector<LoadResult>& cognito,
    const std::function<double(const LoadResult&, const LoadResult&)>& f) {
  std::vector<double> values;
  for (std::size_t i = 0; i < idp.size() && i < cognito.size(); ++i) {
    values.push_back(f(idp[i], cognito[i]));
  }
  return values;
}

double safe_ratio(double numerator, double denominator) {
  return denominator > 0 ? numerator / denominator : 0;
}

}  // namespace

void RoundMeasurements::add(const std::string& side, const LoadResult& result) {
  results_[side].push_back(result);
  failed_ += result.failed;
  std::printf("  %-24s %8.0f /s  %8.0f us CPU per answer  (%lld answered, %lld failed)\n",
              side.c_str(), result.rate(), result.cpu_per_answer() * 1e6,
              static_cast<long long>(result.answered), static_cast<long long>(result.failed));
  std::fflush(stdout);
}

void RoundMeasurements::print_summary(const std::vector<Comparison>& comparisons) const {
  std::printf("\n%-44s %10s %10s %8s %15s %10s %10s %8s %15s\n", "workload", "idp /s", "cognito /s",
              "ratio", "min..max", "idp CPU", "cognito", "ratio", "min..max");
  for (const auto& row : comparisons) {
    const auto& idp = results_.at(row.idp_side);
    const auto& cognito = results_.at(row.cognito_side);
    const auto rates = [](const std::vector<LoadResult>& side) {
      std::vector<double> values;
      values.reserve(side.size());
      for (const auto& result : side) values.push_back(result.rate());
      return spread(values).median;
    };
    const auto cpu = [](const std::vector<LoadResult>& side) {
      std::vector<double> values;
      values.reserve(side.size());
      for (const auto& result : side) values.push_back(result.cpu_per_answer() * 1e6);
      return spread(values).median;
    };
    const Spread rate_ratio = spread(per_round(
        idp, cognito, [](const auto& i, const auto& c) { return safe_ratio(i.rate(), c.rate()); }));
    const Spread cpu_ratio = spread(per_round(idp, cognito, [](const auto& i, const auto& c) {
      return safe_ratio(c.cpu_per_answer(), i.cpu_per_answer());
    }));
    const auto range = [](const Spread& ratio) {
      std::array<char, 32> text{};
      std::snprintf(text.data(), text.size(), "%.2f..%.2fx", ratio.min, ratio.max);
      return std::string{text.data()};
    };
    std::printf("%-44s %10.0f %10.0f %7.2fx %15s %7.0f us %7.0f us %7.2fx %15s\n",
                row.workload.c_str(), rates(idp), rates(cognito), rate_ratio.median,
                range(rate_ratio).c_str(), cpu(idp), cpu(cognito), cpu_ratio.median,
                range(cpu_ratio).c_str());
  }
}

}  // namespace freshauth::bench
