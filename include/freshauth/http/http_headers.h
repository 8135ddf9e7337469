#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "freshauth/core/ascii_text.h"  // equals_ignoring_case, for the header names

namespace freshauth {

/// HTTP header fields in arrival order. Names compare case-insensitively, as HTTP requires.
class HttpHeaders {
 public:
  using Field = std::pair<std::string, std::string>;

  HttpHeaders() = default;
  HttpHeaders(std::initializer_list<Field> fields);

  /// The first value of `name`, if present.
  std::optional<std::string_view> find(std::string_view name) const;
  bool contains(std::string_view name) const { return find(name).has_value(); }
  /// Replaces every field called `name` with one.
  void set(std::string name, std::string value);
  /// Appends a field, keeping earlier ones of the same name.
  void add(std::string name, std::string value);
  void remove(std::string_view name);
  /// Room for `count` fields, so adding them one by one allocates once.
  void reserve(std::size_t count) { fields_.reserve(count); }

  const std::vector<Field>& fields() const { return fields_; }
  bool empty() const { return fields_.empty(); }
  std::size_t size() const { return fields_.size(); }

 private:
  std::vector<Field> fields_;
};

}  // namespace freshauth
