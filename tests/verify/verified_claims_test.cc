#include "freshauth/verify/verified_claims.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace freshauth {
namespace {

using nlohmann::json;

TEST(VerifiedClaimsTest, EmptyByDefaultAndSharesWhatItIsGiven) {
  EXPECT_EQ(*VerifiedClaims{}, json::object());
  const auto given = std::make_shared<const json>(json{{"sub", "u"}});
  const VerifiedClaims claims = given;
  EXPECT_EQ(&*claims, given.get());
  EXPECT_EQ(claims->at("sub"), "u");
}

TEST(VerifiedClaimsTest, ParsesTheTextOnFirstReadOnly) {
  const auto claims = VerifiedClaims::parse_on_first_read(R"({"sub":"u","n":[1,2]})");
  const VerifiedClaims copy = claims;  // NOLINT(performance-unnecessary-copy-initialization)
  EXPECT_EQ(*claims, json({{"sub", "u"}, {"n", {1, 2}}}));
  EXPECT_EQ(&*copy, &*claims) << "copies share the parse";
}

// Many threads read a fresh copy's claims at once: one parse, the same object for all, and no
// data race (run under ThreadSanitizer).
TEST(VerifiedClaimsTest, ConcurrentFirstReadsShareOneParse) {
  for (int round = 0; round < 20; ++round) {
    const auto claims =
        VerifiedClaims::parse_on_first_read(R"({"round":)" + std::to_string(round) + "}");
    std::vector<const json*> seen(4);
    {
      std::vector<std::jthread> threads;
      threads.reserve(seen.size());
      for (std::size_t t = 0; t < seen.size(); ++t) {  // NOLINT(modernize-loop-convert)
        threads.emplace_back([&, t, copy = claims] { seen[t] = &*copy; });
      }
    }
    for (const json* one : seen) EXPECT_EQ(one, &*claims);
    EXPECT_EQ(claims->at("round"), round);
  }
}

}  // namespace
}  // namespace freshauth
