#include "freshauth/core/expected.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "freshauth/core/error.h"

namespace freshauth {
namespace {

struct PlainError {
  int code = 0;
};

// An error type with its own exception, found by argument-dependent lookup.
struct CustomError {
  std::string what;
};
struct CustomException {
  std::string what;
};
[[noreturn]] void throw_as_exception(const CustomError& error) {
  throw CustomException{error.what};
}

TEST(ExpectedTest, HoldsAValue) {
  const Expected<int, PlainError> result = 7;
  EXPECT_TRUE(result.has_value());
  EXPECT_TRUE(result.ok());
  EXPECT_TRUE(static_cast<bool>(result));
  EXPECT_EQ(result.value(), 7);
  EXPECT_EQ(*result, 7);
  EXPECT_EQ(result.value_or(3), 7);
}

TEST(ExpectedTest, HoldsAnError) {
  const Expected<int, PlainError> result = PlainError{5};
  EXPECT_FALSE(result.has_value());
  EXPECT_FALSE(result.ok());
  EXPECT_FALSE(static_cast<bool>(result));
  EXPECT_EQ(result.error().code, 5);
  EXPECT_EQ(result.value_or(3), 3);
}

TEST(ExpectedTest, ArrowReachesTheValue) {
  Expected<std::string, PlainError> result = std::string{"abc"};
  EXPECT_EQ(result->size(), 3U);
  result->append("d");
  EXPECT_EQ(result.value(), "abcd");
}

TEST(ExpectedTest, ConvertsFromWhatTConvertsFrom) {
  const Expected<std::string, PlainError> result = "text";
  EXPECT_EQ(result.value(), "text");
}

TEST(ExpectedTest, SameTypeForValueAndErrorNeedsUnexpected) {
  const Expected<int, int> value = 1;
  const Expected<int, int> error = Unexpected{2};
  EXPECT_EQ(value.value(), 1);
  ASSERT_FALSE(error.has_value());
  EXPECT_EQ(error.error(), 2);
}

TEST(ExpectedTest, InPlaceConstruction) {
  const Expected<std::string, std::string> value(std::in_place, 3, 'x');
  const Expected<std::string, std::string> error(unexpect, 2, 'e');
  EXPECT_EQ(value.value(), "xxx");
  EXPECT_EQ(error.error(), "ee");
}

TEST(ExpectedTest, MoveOnlyValue) {
  Expected<std::unique_ptr<int>, PlainError> result = std::make_unique<int>(4);
  static_assert(!std::is_copy_constructible_v<decltype(result)>);
  Expected<std::unique_ptr<int>, PlainError> moved = std::move(result);
  std::unique_ptr<int> taken = std::move(moved).value();
  ASSERT_NE(taken, nullptr);
  EXPECT_EQ(*taken, 4);
  EXPECT_EQ(*std::move(Expected<std::unique_ptr<int>, PlainError>{std::make_unique<int>(5)})
                 .value_or(nullptr),
            5);
}

TEST(ExpectedTest, MoveOnlyValueError) {
  Expected<std::unique_ptr<int>, PlainError> result = PlainError{9};
  EXPECT_EQ(result.error().code, 9);
  EXPECT_EQ(std::move(result).value_or(nullptr), nullptr);
}

TEST(ExpectedTest, VoidSuccessAndError) {
  const Expected<void, PlainError> success;
  EXPECT_TRUE(success.has_value());
  EXPECT_NO_THROW(success.value());

  const Expected<void, PlainError> failure = PlainError{3};
  EXPECT_FALSE(failure.ok());
  EXPECT_EQ(failure.error().code, 3);
  EXPECT_THROW(failure.value(), BadExpectedAccess<PlainError>);

  const Expected<void, PlainError> unexpected = Unexpected{PlainError{4}};
  EXPECT_EQ(unexpected.error().code, 4);
}

TEST(ExpectedTest, ValueThrowsBadExpectedAccessWithTheError) {
  const Expected<int, PlainError> result = PlainError{11};
  try {
    (void)result.value();
    FAIL() << "value() returned";
  } catch (const BadExpectedAccess<PlainError>& thrown) {
    EXPECT_EQ(thrown.error().code, 11);
  }
  EXPECT_THROW((void)result.value(), BadExpectedAccess<>);
}

TEST(ExpectedTest, ValueThrowsWhatTheErrorTypeChooses) {
  const Expected<int, CustomError> result = CustomError{"custom"};
  try {
    (void)result.value();
    FAIL() << "value() returned";
  } catch (const CustomException& thrown) {
    EXPECT_EQ(thrown.what, "custom");
  }
}

TEST(ExpectedTest, ResultThrowsAuthError) {
  const Result<int> result = Error{Errc::storage, "disk full", {}};
  try {
    (void)result.value();
    FAIL() << "value() returned";
  } catch (const AuthError& thrown) {
    EXPECT_EQ(thrown.code(), Errc::storage);
  }
  const Result<void> nothing = Error{Errc::transient, "later", {}};
  EXPECT_THROW(nothing.value(), AuthError);
}

TEST(ExpectedTest, ErrorCanBeMovedOut) {
  Expected<int, std::string> result = std::string{"why"};
  const std::string why = std::move(result).error();
  EXPECT_EQ(why, "why");
}

}  // namespace
}  // namespace freshauth
