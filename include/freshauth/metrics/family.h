#pragma once

#include <algorithm>
#include <cstddef>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace freshauth::metrics {

/// The metrics of one name, one per combination of label values. with() takes a short lock;
/// keep the reference it returns (it stays valid as long as the family) on hot paths.
template <class Metric>
class Family {
 public:
  Family(std::vector<std::string> label_names, std::function<std::unique_ptr<Metric>()> make)
      : label_names_(std::move(label_names)), make_(std::move(make)) {}

  /// The metric for these label values (one per label name, in order), created on first use.
  Metric& with(const std::vector<std::string>& label_values) { return find_or_make(label_values); }
  /// The same without copying the values: `with({route, "GET"})` allocates only the first time.
  Metric& with(std::initializer_list<std::string_view> label_values) {
    return find_or_make(label_values);
  }

  const std::vector<std::string>& label_names() const { return label_names_; }

  /// Calls visit(label_values, metric) for each child, ordered by label values.
  void for_each(
      const std::function<void(const std::vector<std::string>&, const Metric&)>& visit) const {
    const std::lock_guard lock(mutex_);
    for (const auto& [values, metric] : children_) visit(values, *metric);
  }

 private:
  // Label values in order, compared as text whatever holds them.
  struct LabelsLess {
    using is_transparent = void;
    template <class Left, class Right>
    bool operator()(const Left& left, const Right& right) const {
      return std::lexicographical_compare(
          left.begin(), left.end(), right.begin(), right.end(),
          [](std::string_view a, std::string_view b) { return a < b; });
    }
  };

  template <class Values>
  Metric& find_or_make(const Values& label_values) {
    if (label_values.size() != label_names_.size()) {
      throw std::invalid_argument("metrics: expected " + std::to_string(label_names_.size()) +
                                  " label values");
    }
    const std::lock_guard lock(mutex_);
    auto found = children_.find(label_values);
    if (found == children_.end()) {
      found =
          children_
              .emplace(std::vector<std::string>(label_values.begin(), label_values.end()), make_())
              .first;
    }
    return *found->second;
  }

  const std::vector<std::string> label_names_;
  const std::function<std::unique_ptr<Metric>()> make_;
  mutable std::mutex mutex_;
  std::map<std::vector<std::string>, std::unique_ptr<Metric>, LabelsLess> children_;
};

}  // namespace freshauth::metrics
