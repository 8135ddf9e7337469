#include "verify/json_scan.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace freshauth {
namespace {

using nlohmann::json;

JsonScanError scan(std::string_view text, int max_depth = 16) {
  return scan_json_object(text, max_depth, [](std::string_view, const JsonValue&) {});
}

std::map<std::string, JsonValue> members(std::string_view text) {
  std::map<std::string, JsonValue> out;
  EXPECT_EQ(scan_json_object(text, 16,
                             [&](std::string_view name, const JsonValue& value) {
                               out.emplace(std::string{name}, value);
                             }),
            JsonScanError::none)
      << text;
  return out;
}

// What the scanner accepts, nlohmann::json parses to an object with the same members.
void expect_same_as_nlohmann(std::string_view text) {
  SCOPED_TRACE(std::string{text});
  const auto tree = json::parse(text, nullptr, /*allow_exceptions=*/false);
  ASSERT_TRUE(tree.is_object());
  const auto found = members(text);
  ASSERT_EQ(found.size(), tree.size());
  for (const auto& [name, value] : found) {
    const json& expected = tree.at(name);
    switch (value.kind) {
      case JsonKind::string:
        EXPECT_EQ(json_string(value), expected.get<std::string>()) << name;
        break;
      case JsonKind::number:
        EXPECT_EQ(json_number(value), expected.get<double>()) << name;
        break;
      default:
        EXPECT_EQ(json::parse(value.text), expected) << name;
    }
  }
}

TEST(JsonScanTest, VisitsTopLevelMembersWithTheirKindsAndText) {
  const auto found = members(
      R"( {"s":"a\"b","n":-1.5e3,"t":true,"f":false,"z":null,"a":[1,{"x":[]}],"o":{"k":"v"}} )");
  ASSERT_EQ(found.size(), 7U);
  EXPECT_EQ(found.at("s").kind, JsonKind::string);
  EXPECT_EQ(found.at("s").text, R"(a\"b)");
  EXPECT_TRUE(found.at("s").escaped);
  EXPECT_EQ(json_string(found.at("s")), "a\"b");
  EXPECT_EQ(found.at("n").kind, JsonKind::number);
  EXPECT_EQ(json_number(found.at("n")), -1500.0);
  EXPECT_EQ(found.at("t").kind, JsonKind::boolean);
  EXPECT_EQ(found.at("z").kind, JsonKind::null);
  EXPECT_EQ(found.at("a").kind, JsonKind::array);
  EXPECT_EQ(found.at("a").text, R"([1,{"x":[]}])");
  EXPECT_EQ(found.at("o").kind, JsonKind::object);
  EXPECT_EQ(found.at("o").text, R"({"k":"v"})");
}

TEST(JsonScanTest, AgreesWithNlohmannOnWhatItAccepts) {
  for (const char* text : {
           "{}",
           " \t\r\n{ } \n",
           R"({"a":0,"b":-0,"c":1e5,"d":1E+5,"e":0.5e-3,"f":123456789012345678901234567890})",
           R"({"big":18446744073709551615,"tiny":1e-400,"exp":1700000000})",
           R"({"esc":"\\ \/ \b \f \n \r \t \u0000 \u00e9 \u20AC \ud83d\ude00"})",
           "{\"utf8\":\"\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \x7f\"}",
           R"({"\u0069ss":"named with an escape"})",
           R"({"nested":{"a":[[[{"b":null}]]],"c":{}},"arr":[1,"two",true,null,{"x":1}]})",
           R"({"":"empty name"})",
       }) {
    EXPECT_EQ(scan(text), JsonScanError::none) << text;
    expect_same_as_nlohmann(text);
  }
}

TEST(JsonScanTest, RefusesWhatIsNotJson) {
  for (const std::string& text : std::vector<std::string>{
           R"({"a":1,})",
           R"({"a" 1})",
           R"({a:1})",
           R"({'a':1})",
           R"({"a":1} x)",
           R"({"a":1}})",
           R"({"a":01})",
           R"({"a":1.})",
           R"({"a":.5})",
           R"({"a":+1})",
           R"({"a":-})",
           R"({"a":1e})",
           R"({"a":1e+})",
           R"({"a":tru})",
           R"({"a":nul})",
           R"({"a":[1,]})",
           R"({"a":[1 2]})",
           R"({"a":"x)",
           R"({"a":"\x"})",
           R"({"a":"\u12"})",
           R"({"a":"\u12G4"})",
           R"({"a":"\ud800"})",
           R"({"a":"\udc00"})",
           R"({"a":"\ud800\u0041"})",
           R"({"a":1e400})",
           R"({"a":-1e309})",
           R"({"a":1 /* c */})",
           R"({"a":[}])",
           R"({"a":{]})",
           R"({"a":1)",
           std::string("{\"a\":\"tab\there\"}"),         // raw control character
           std::string("{\"a\":\"\xc0\x80\"}"),          // overlong
           std::string("{\"a\":\"\xed\xa0\x80\"}"),      // UTF-16 surrogate in UTF-8
           std::string("{\"a\":\"\xf4\x90\x80\x80\"}"),  // above U+10FFFF
           std::string("{\"a\":\"\xe2\x82\"}"),          // truncated
           std::string("{\"a\":\"\xff\"}"),
           "{\"" + std::string(400, '9') + "\":1" + std::string(350, '9') + "}",
       }) {
    EXPECT_EQ(scan(text), JsonScanError::invalid) << text;
    EXPECT_TRUE(json::parse(text, nullptr, false).is_discarded()) << "nlohmann agrees: " << text;
  }
}

TEST(JsonScanTest, StricterThanNlohmannAboutWhatFollows) {
  // nlohmann::json takes a NUL byte for the end of its input; JSON.parse refuses it, and so do we.
  EXPECT_EQ(scan(std::string("{\"a\":1}\0{\"b\"", 12)), JsonScanError::invalid);
}

TEST(JsonScanTest, OnlyAnObjectIsADocument) {
  for (const char* text : {"", "  ", "[]", "1", R"("s")", "null", "\xef\xbb\xbf{}"}) {
    EXPECT_EQ(scan(text), JsonScanError::not_an_object) << text;
  }
}

TEST(JsonScanTest, RefusesADuplicateNameAtAnyDepth) {
  EXPECT_EQ(scan(R"({"exp":1,"exp":2})"), JsonScanError::duplicate_name);
  EXPECT_EQ(scan(R"({"iss":"a","\u0069ss":"b"})"), JsonScanError::duplicate_name)
      << "the same name once escaped";
  EXPECT_EQ(scan(R"({"o":{"k":1,"k":1}})"), JsonScanError::duplicate_name);
  EXPECT_EQ(scan(R"({"a":[{"k":1},{"k":1}],"k":{"k":1}})"), JsonScanError::none)
      << "the same name in different objects";
  std::string many = "{";
  for (int i = 0; i < 100; ++i) many += "\"n" + std::to_string(i) + "\":" + std::to_string(i) + ",";
  EXPECT_EQ(scan(many + "\"last\":0}"), JsonScanError::none);
  EXPECT_EQ(scan(many + "\"n57\":0}"), JsonScanError::duplicate_name);
}

TEST(JsonScanTest, CountsDepthLikeTheVerifierAlwaysHas) {
  EXPECT_EQ(scan("{}", 1), JsonScanError::none);
  EXPECT_EQ(scan(R"({"a":[]})", 1), JsonScanError::too_deep);
  EXPECT_EQ(scan(R"({"a":[{"b":[]}]})", 4), JsonScanError::none);
  EXPECT_EQ(scan(R"({"a":[{"b":[[]]}]})", 4), JsonScanError::too_deep);
  EXPECT_EQ(scan(R"({"s":"[[[[[[[[[[[["})", 1), JsonScanError::none) << "brackets in strings";
  const std::string deep = R"({"a":)" + std::string(100'000, '[');
  EXPECT_EQ(scan(deep, 16), JsonScanError::too_deep);
}

TEST(JsonScanTest, ReadsValuesTheWayNlohmannDoes) {
  const auto found = members(R"({"tiny":1e-400,"int":9007199254740993,"s":"\u00e9","n":1})");
  EXPECT_EQ(json_number(found.at("tiny")), 0.0);
  EXPECT_EQ(json_number(found.at("int")), json::parse("9007199254740993").get<double>());
  EXPECT_FALSE(json_number(found.at("s")));
  EXPECT_TRUE(json_string_equals(found.at("s"), "\xc3\xa9"));
  EXPECT_FALSE(json_string_equals(found.at("n"), "1")) << "a number is not a string";
  EXPECT_EQ(json_string(found.at("n")), "");
}

TEST(JsonScanTest, VisitsArrayElements) {
  const auto found = members(R"({"aud":["a",1,["b"],"c\n"],"one":"a"})");
  std::vector<std::string> strings;
  int others = 0;
  for_each_json_element(found.at("aud"), [&](const JsonValue& element) {
    if (element.kind == JsonKind::string) {
      strings.push_back(json_string(element));
    } else {
      ++others;
    }
  });
  EXPECT_EQ(strings, (std::vector<std::string>{"a", "c\n"}));
  EXPECT_EQ(others, 2);
  int visited = 0;
  for_each_json_element(found.at("one"), [&](const JsonValue&) { ++visited; });
  EXPECT_EQ(visited, 0) << "a string is not an array";
}

}  // namespace
}  // namespace freshauth
