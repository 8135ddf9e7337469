#pragma once

#include <array>
#include <charconv>
#include <cstddef>
#include <string_view>

namespace freshauth::metrics {

/// An integer as a label value, without allocating: `family.with({IntegerLabel{status}.view()})`.
class IntegerLabel {
 public:
  explicit IntegerLabel(long long value)
      : size_(static_cast<std::size_t>(
            std::to_chars(digits_.data(), digits_.data() + digits_.size(), value).ptr -
            digits_.data())) {}

  std::string_view view() const { return {digits_.data(), size_}; }

 private:
  std::array<char, 24> digits_{};
  std::size_t size_;
};

}  // namespace freshauth::metrics
