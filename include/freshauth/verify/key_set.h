#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "freshauth/core/error.h"
#include "freshauth/verify/public_key.h"

namespace freshauth {

/// The usable keys of one JWKS document, by kid. Keys that do not fit (unknown type, wrong use,
/// malformed, no kid) are left out and listed in skipped(); a document with no usable key fails.
class KeySet {
 public:
  static Result<KeySet> parse(std::string_view jwks_json);

  std::shared_ptr<const PublicKey> find(std::string_view kid) const;
  std::size_t size() const { return keys_.size(); }
  const std::vector<std::string>& skipped() const { return skipped_; }

 private:
  std::map<std::string, std::shared_ptr<const PublicKey>, std::less<>> keys_;
  std::vector<std::string> skipped_;
};

}  // namespace freshauth
