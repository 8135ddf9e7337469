#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace freshauth::redis {

/// A Redis reply, copied out of hiredis. A Redis error reply (`-ERR ...`) is not a Reply: the
/// client returns it as an Error.
struct Reply {
  enum class Kind { nil, integer, text, array };
  Kind kind = Kind::nil;
  std::int64_t integer = 0;
  std::string text;  ///< bulk strings and status replies
  std::vector<Reply> elements;

  bool is_nil() const { return kind == Kind::nil; }
};

}  // namespace freshauth::redis
