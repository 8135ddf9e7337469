#include "json_scan.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <list>
#include <vector>

namespace freshauth {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Four hex digits at `p` (the caller checked they are there), or -1.
int hex4(const char* p) {
  int value = 0;
  for (int i = 0; i < 4; ++i) {
    const int digit = hex_value(p[i]);
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

bool in(unsigned char c, unsigned char low, unsigned char high) { return c >= low && c <= high; }

// Length of the well-formed UTF-8 sequence (RFC 3629 table 3-7) starting at a byte >= 0x80,
// or 0: no overlong forms, no encoded surrogates, nothing above U+10FFFF.
std::size_t utf8_sequence(const unsigned char* p, const unsigned char* end) {
  const auto left = static_cast<std::size_t>(end - p);
  const unsigned char c = p[0];
  auto tail = [&](std::size_t i) { return i < left && in(p[i], 0x80, 0xBF); };
  if (in(c, 0xC2, 0xDF)) return tail(1) ? 2 : 0;
  if (c == 0xE0) return left > 1 && in(p[1], 0xA0, 0xBF) && tail(2) ? 3 : 0;
  if (in(c, 0xE1, 0xEC) || in(c, 0xEE, 0xEF)) return tail(1) && tail(2) ? 3 : 0;
  if (c == 0xED) return left > 1 && in(p[1], 0x80, 0x9F) && tail(2) ? 3 : 0;
  if (c == 0xF0) return left > 1 && in(p[1], 0x90, 0xBF) && tail(2) && tail(3) ? 4 : 0;
  if (in(c, 0xF1, 0xF3)) return tail(1) && tail(2) && tail(3) ? 4 : 0;
  if (c == 0xF4) return left > 1 && in(p[1], 0x80, 0x8F) && tail(2) && tail(3) ? 4 : 0;
  return 0;
}

void append_utf8(std::string& out, std::uint32_t code_point) {
  if (code_point < 0x80) {
    out.push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code_point >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

// The text of a string the scanner accepted, escapes resolved.
std::string unescape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\') {
      out.push_back(text[i]);
      continue;
    }
    const char kind = text[++i];
    switch (kind) {
      case 'b':
        out.push_back('\b');
        break;
      case 'f':
        out.push_back('\f');
        break;
      case 'n':
        out.push_back('\n');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'u': {
        auto code_point = static_cast<std::uint32_t>(hex4(&text[i + 1]));
        i += 4;
        if (code_point >= 0xD800 && code_point <= 0xDBFF) {  // a pair, checked by the scanner
          const auto low = static_cast<std::uint32_t>(hex4(&text[i + 3]));
          code_point = 0x10000 + ((code_point - 0xD800) << 10) + (low - 0xDC00);
          i += 6;
        }
        append_utf8(out, code_point);
        break;
      }
      default:  // '"', '\\', '/'
        out.push_back(kind);
    }
  }
  return out;
}

// A number as nlohmann::json reads it: correctly rounded, zero on underflow, infinite on
// overflow (which the scanner refuses).
double to_double(std::string_view number) {
  double value = 0;
  const char* end = number.data() + number.size();
  const auto [stop, error] = std::from_chars(number.data(), end, value);
  if (error == std::errc{} && stop == end) return value;
  const std::string copy{number};  // out of range: strtod's answer
  return std::strtod(copy.c_str(), nullptr);
}

class Scanner {
 public:
  Scanner(std::string_view text, int max_depth)
      : p_(text.data()), end_(text.data() + text.size()), max_depth_(max_depth) {
    stack_.reserve(4);
    names_.reserve(16);
  }

  // The document must be one container of kind `top` (object or array).
  JsonScanError scan(JsonKind top, const JsonMemberVisitor& visit);

 private:
  enum class State { start, need_item, after_item };
  struct Frame {
    bool is_object;
    State state;
    std::size_t first_name;  // this object's names start here in names_
  };

  void skip_space() {
    while (p_ != end_ && is_space(*p_)) ++p_;
  }
  bool open(bool is_object);
  bool close();
  bool string(JsonValue& value);
  bool name();
  bool number();
  bool literal(std::string_view word);
  bool escape();
  bool scalar(JsonValue& value);
  bool names_unique(std::size_t first) const;

  const char* p_;
  const char* end_;
  const int max_depth_;
  JsonScanError error_ = JsonScanError::invalid;
  std::vector<Frame> stack_;
  std::vector<std::string_view> names_;  // names of the objects now open, outermost first
  std::list<std::string> unescaped_;     // names that had escapes (stable addresses)
  std::string_view member_name_;         // the top-level member being read
  const char* member_start_ = nullptr;   // where its value starts
};

bool Scanner::open(bool is_object) {
  if (static_cast<int>(stack_.size()) >= max_depth_) {
    error_ = JsonScanError::too_deep;
    return false;
  }
  ++p_;
  stack_.push_back({is_object, State::start, names_.size()});
  return true;
}

bool Scanner::close() {
  const Frame& frame = stack_.back();
  ++p_;
  if (frame.is_object) {
    if (!names_unique(frame.first_name)) {
      error_ = JsonScanError::duplicate_name;
      return false;
    }
    names_.resize(frame.first_name);
  }
  stack_.pop_back();
  return true;
}

bool Scanner::names_unique(std::size_t first) const {
  const auto begin = names_.begin() + static_cast<std::ptrdiff_t>(first);
  if (names_.end() - begin <= 16) {
    for (auto a = begin; a != names_.end(); ++a) {
      if (std::find(a + 1, names_.end(), *a) != names_.end()) return false;
    }
    return true;
  }
  std::vector<std::string_view> sorted(begin, names_.end());  // many names: n log n, not n^2
  std::sort(sorted.begin(), sorted.end());
  return std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end();
}

bool Scanner::escape() {
  if (++p_ == end_) return false;
  switch (*p_) {
    case '"':
    case '\\':
    case '/':
    case 'b':
    case 'f':
    case 'n':
    case 'r':
    case 't':
      ++p_;
      return true;
    case 'u':
      break;
    default:
      return false;
  }
  if (end_ - p_ < 5) return false;
  const int unit = hex4(p_ + 1);
  p_ += 5;
  if (unit < 0 || (unit >= 0xDC00 && unit <= 0xDFFF)) return false;
  if (unit < 0xD800 || unit > 0xDBFF) return true;
  // A high surrogate must be followed by an escaped low one.
  if (end_ - p_ < 6 || p_[0] != '\\' || p_[1] != 'u') return false;
  const int low = hex4(p_ + 2);
  p_ += 6;
  return low >= 0xDC00 && low <= 0xDFFF;
}

bool Scanner::string(JsonValue& value) {
  const char* start = ++p_;
  bool escaped = false;
  while (p_ != end_) {
    const auto c = static_cast<unsigned char>(*p_);
    if (c == '"') {
      value = {JsonKind::string, {start, static_cast<std::size_t>(p_ - start)}, escaped};
      ++p_;
      return true;
    }
    if (c == '\\') {
      escaped = true;
      if (!escape()) return false;
    } else if (c < 0x20) {
      return false;
    } else if (c < 0x80) {
      ++p_;
    } else {
      const auto length = utf8_sequence(reinterpret_cast<const unsigned char*>(p_),
                                        reinterpret_cast<const unsigned char*>(end_));
      if (length == 0) return false;
      p_ += length;
    }
  }
  return false;
}

bool Scanner::name() {
  JsonValue value;
  if (p_ == end_ || *p_ != '"' || !string(value)) return false;
  std::string_view name = value.text;
  if (value.escaped) name = unescaped_.emplace_back(unescape(value.text));
  names_.push_back(name);
  if (stack_.size() == 1) member_name_ = name;
  skip_space();
  if (p_ == end_ || *p_ != ':') return false;
  ++p_;
  skip_space();
  return true;
}

bool Scanner::number() {
  const char* start = p_;
  if (*p_ == '-') ++p_;
  if (p_ == end_) return false;
  if (*p_ == '0') {
    ++p_;
  } else if (is_digit(*p_)) {
    while (p_ != end_ && is_digit(*p_)) ++p_;
  } else {
    return false;
  }
  const auto integer_digits = p_ - start;
  auto digits = [&] {
    const char* first = p_;
    while (p_ != end_ && is_digit(*p_)) ++p_;
    return p_ != first;
  };
  if (p_ != end_ && *p_ == '.') {
    ++p_;
    if (!digits()) return false;
  }
  bool exponent = false;
  if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
    exponent = true;
    ++p_;
    if (p_ != end_ && (*p_ == '+' || *p_ == '-')) ++p_;
    if (!digits()) return false;
  }
  // nlohmann::json refuses a number that overflows a double; only these can.
  if (exponent || integer_digits > 300) {
    return std::isfinite(to_double({start, static_cast<std::size_t>(p_ - start)}));
  }
  return true;
}

bool Scanner::literal(std::string_view word) {
  if (static_cast<std::size_t>(end_ - p_) < word.size() ||
      std::string_view{p_, word.size()} != word)
    return false;
  p_ += word.size();
  return true;
}

bool Scanner::scalar(JsonValue& value) {
  const char* start = p_;
  const char c = *p_;
  bool ok = false;
  if (c == '"') return string(value);
  if (c == '-' || is_digit(c)) {
    value.kind = JsonKind::number;
    ok = number();
  } else if (c == 't' || c == 'f') {
    value.kind = JsonKind::boolean;
    ok = literal(c == 't' ? "true" : "false");
  } else if (c == 'n') {
    value.kind = JsonKind::null;
    ok = literal("null");
  }
  value.text = {start, static_cast<std::size_t>(p_ - start)};
  return ok;
}

JsonScanError Scanner::scan(JsonKind top, const JsonMemberVisitor& visit) {
  skip_space();
  const char opener = top == JsonKind::object ? '{' : '[';
  if (p_ == end_ || *p_ != opener) return JsonScanError::not_an_object;
  if (!open(top == JsonKind::object)) return error_;
  while (!stack_.empty()) {
    Frame& frame = stack_.back();
    skip_space();
    if (p_ == end_) return JsonScanError::invalid;
    const char closer = frame.is_object ? '}' : ']';
    if (frame.state == State::after_item && *p_ == ',') {
      ++p_;
      frame.state = State::need_item;
      continue;
    }
    if (frame.state != State::need_item && *p_ == closer) {
      const JsonKind kind = frame.is_object ? JsonKind::object : JsonKind::array;
      if (!close()) return error_;  // `frame` is gone
      if (stack_.size() == 1) {
        visit(member_name_, {kind, {member_start_, static_cast<std::size_t>(p_ - member_start_)}});
      }
      continue;
    }
    if (frame.state == State::after_item) return JsonScanError::invalid;
    frame.state = State::after_item;
    if (frame.is_object && !name()) return error_;
    if (p_ == end_) return JsonScanError::invalid;
    const bool top_level = stack_.size() == 1;
    if (*p_ == '{' || *p_ == '[') {
      if (top_level) member_start_ = p_;
      // `frame` may dangle after this push.
      if (!open(*p_ == '{')) return error_;
      continue;
    }
    JsonValue value;
    if (!scalar(value)) return JsonScanError::invalid;
    if (top_level) visit(member_name_, value);
  }
  skip_space();
  return p_ == end_ ? JsonScanError::none : JsonScanError::invalid;
}

}  // namespace

JsonScanError scan_json_object(std::string_view text, int max_depth,
                               const JsonMemberVisitor& visit) {
  return Scanner(text, max_depth).scan(JsonKind::object, visit);
}

bool json_string_equals(const JsonValue& value, std::string_view expected) {
  if (value.kind != JsonKind::string) return false;
  return value.escaped ? unescape(value.text) == expected : value.text == expected;
}

std::string json_string(const JsonValue& value) {
  if (value.kind != JsonKind::string) return {};
  return value.escaped ? unescape(value.text) : std::string{value.text};
}

std::optional<double> json_number(const JsonValue& value) {
  if (value.kind != JsonKind::number) return std::nullopt;
  return to_double(value.text);
}

void for_each_json_element(const JsonValue& array,
                           const std::function<void(const JsonValue&)>& visit) {
  if (array.kind != JsonKind::array) return;
  // The array was accepted as part of its document, so no limit applies here.
  Scanner(array.text, std::numeric_limits<int>::max())
      .scan(JsonKind::array, [&](std::string_view, const JsonValue& element) { visit(element); });
}

}  // namespace freshauth
