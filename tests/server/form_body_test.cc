#include "freshauth/server/form_body.h"

#include <gtest/gtest.h>

#include <random>

namespace freshauth::server {
namespace {

TEST(PercentDecode, DecodesEscapesAndPlus) {
  EXPECT_EQ(percent_decode("a+b%20c%2Bd%2b"), "a b c+d+");
  EXPECT_EQ(percent_decode("%e2%82%AC"), "\xe2\x82\xac");
  EXPECT_EQ(percent_decode("%00"), std::string(1, '\0'));
  EXPECT_EQ(percent_decode(""), "");
}

TEST(PercentDecode, RefusesTruncatedOrNonHexEscapes) {
  for (const char* bad : {"%", "%4", "a%", "a%2", "%G0", "%0G", "%%", "%%41", "% 1", "%-1", "%+1",
                          "%\xff\xff", "ok%2"}) {
    EXPECT_FALSE(percent_decode(bad).has_value()) << bad;
  }
}

TEST(PercentEncode, RoundTripsEveryByte) {
  std::string all;
  for (int byte = 0; byte < 256; ++byte) all.push_back(static_cast<char>(byte));
  const std::string encoded = percent_encode(all);
  EXPECT_EQ(encoded.find_first_of("&=+% ?#"), encoded.find('%'))
      << "only escapes use '%'; no separator is left raw";
  EXPECT_EQ(percent_decode(encoded), all);
}

TEST(ParseFormFields, SplitsDecodesAndToleratesEmptySegments) {
  const auto fields = parse_form_fields("a=1&&b=x%3Dy&c&d=&=e&f==g&");
  ASSERT_TRUE(fields.has_value());
  EXPECT_EQ(form_field(*fields, "a"), "1");
  EXPECT_EQ(form_field(*fields, "b"), "x=y");
  EXPECT_EQ(form_field(*fields, "c"), "");
  EXPECT_TRUE(fields->contains("d"));
  EXPECT_EQ(form_field(*fields, ""), "e");
  EXPECT_EQ(form_field(*fields, "f"), "=g");
  EXPECT_EQ(form_field(*fields, "missing"), "");
  EXPECT_TRUE(parse_form_fields("")->empty());
  EXPECT_TRUE(parse_form_fields("&&&")->empty());
}

TEST(ParseFormFields, RefusesBadEscapesAndRepeatedFields) {
  EXPECT_FALSE(parse_form_fields("a=%zz").has_value());
  EXPECT_FALSE(parse_form_fields("a%=1").has_value());
  EXPECT_FALSE(parse_form_fields("a=1&b=%").has_value());
  EXPECT_FALSE(parse_form_fields("a=1&a=2").has_value());
  EXPECT_FALSE(parse_form_fields("a=1&%61=2").has_value()) << "repeated once decoded";
}

TEST(ParseFormFields, GarbageNeverCrashes) {
  std::mt19937 random{12345};
  constexpr char kAlphabet[] = "%=&+aZ09\0\xff\x7f \r\n;#?";
  const std::string alphabet(kAlphabet, sizeof kAlphabet - 1);
  for (int round = 0; round < 20'000; ++round) {
    std::string input(random() % 64, '\0');
    for (char& c : input) {
      c = random() % 4 == 0 ? static_cast<char>(random() % 256)
                            : alphabet[random() % alphabet.size()];
    }
    if (const auto fields = parse_form_fields(input)) {
      for (const auto& [name, value] : *fields) {
        EXPECT_EQ(percent_decode(percent_encode(value)), value);
      }
    }
  }
}

TEST(ParseFormBody, ChecksTheContentType) {
  ServerRequest request;
  request.headers.emplace("Content-Type", "Application/X-WWW-Form-Urlencoded; charset=UTF-8");
  request.body = "grant_type=refresh_token";
  ASSERT_TRUE(std::holds_alternative<FormFields>(parse_form_body(request)));
  request.body = "grant_type=%";
  EXPECT_EQ(std::get<ServerResponse>(parse_form_body(request)).status, 400);
  request.headers.clear();
  request.headers.emplace("Content-Type", "application/json");
  EXPECT_EQ(std::get<ServerResponse>(parse_form_body(request)).status, 415);
}

}  // namespace
}  // namespace freshauth::server
