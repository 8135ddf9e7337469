#include "session/api_call.h"

#include <gtest/gtest.h>

#include <sstream>

#include "support/temp_dir.h"

namespace freshauth::testing {
namespace {

using cli::ApiCallArguments;
using cli::build_api_call;

Result<cli::ApiCall> build(ApiCallArguments arguments, const std::string& stdin_text = {}) {
  std::istringstream in{stdin_text};
  return build_api_call(arguments, "http://api.example.com", in);
}

TEST(ApiCallTest, PathsGoToTheApiBaseAndUrlsAsTheyAre) {
  auto relative = build({"", std::nullopt, {}, "/api/user?x=1"});
  ASSERT_TRUE(relative.ok());
  EXPECT_EQ(relative->base_url, "http://api.example.com");
  EXPECT_EQ(relative->path, "/api/user?x=1");
  EXPECT_EQ(relative->method, "GET");
  auto absolute = build({"", std::nullopt, {}, "https://other.example.com/v1"});
  ASSERT_TRUE(absolute.ok());
  EXPECT_EQ(absolute->base_url, "");
  EXPECT_EQ(absolute->path, "https://other.example.com/v1");
}

TEST(ApiCallTest, TargetsThatAreNeitherAreRefused) {
  for (const char* target : {"api/user", "ftp://x/y", ""}) {
    auto call = build({"", std::nullopt, {}, target});
    ASSERT_FALSE(call.ok()) << target;
    EXPECT_EQ(call.error().code, Errc::invalid_argument);
  }
}

TEST(ApiCallTest, DataMeansPostUnlessAMethodIsGiven) {
  auto post = build({"", "{\"a\":1}", {}, "/items"});
  ASSERT_TRUE(post.ok());
  EXPECT_EQ(post->method, "POST");
  EXPECT_EQ(post->body, "{\"a\":1}");
  auto put = build({"put", "{}", {}, "/items/1"});
  ASSERT_TRUE(put.ok());
  EXPECT_EQ(put->method, "PUT");
  EXPECT_FALSE(build({"GE T", std::nullopt, {}, "/x"}).ok());
}

TEST(ApiCallTest, DataComesFromAFileOrStdin) {
  TempDir dir;
  write_file(dir / "body.json", "{\"from\":\"file\"}");
  auto from_file = build({"", "@" + (dir / "body.json").string(), {}, "/x"});
  ASSERT_TRUE(from_file.ok());
  EXPECT_EQ(from_file->body, "{\"from\":\"file\"}");
  auto from_stdin = build({"", "@-", {}, "/x"}, "{\"from\":\"stdin\"}\n");
  ASSERT_TRUE(from_stdin.ok());
  EXPECT_EQ(from_stdin->body, "{\"from\":\"stdin\"}\n");
  auto missing = build({"", "@" + (dir / "absent").string(), {}, "/x"});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("absent"), std::string::npos);
}

TEST(ApiCallTest, HeadersAreNameColonValue) {
  auto call = build({"", std::nullopt, {"If-Match: 3", "X-Empty:", "Accept:  text/plain "}, "/x"});
  ASSERT_TRUE(call.ok()) << call.error().message;
  EXPECT_EQ(call->headers.find("if-match"), "3");
  EXPECT_EQ(call->headers.find("X-Empty"), "");
  EXPECT_EQ(call->headers.find("Accept"), "text/plain");
  EXPECT_FALSE(build({"", std::nullopt, {"no colon"}, "/x"}).ok());
  EXPECT_FALSE(build({"", std::nullopt, {": value"}, "/x"}).ok());
  EXPECT_FALSE(build({"", std::nullopt, {"Bad Name: v"}, "/x"}).ok());
}

TEST(ApiCallTest, TheSessionsOwnHeadersCannotBeSet) {
  for (const char* header : {"Authorization: Bearer x", "x-preferred-partner-id: other"}) {
    auto call = build({"", std::nullopt, {header}, "/x"});
    ASSERT_FALSE(call.ok()) << header;
    EXPECT_NE(call.error().message.find("comes from the session"), std::string::npos);
  }
}

}  // namespace
}  // namespace freshauth::testing
