#include "freshauth/verify/verified_token_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace freshauth {
namespace {

// A verification whose exp names the token it belongs to, so a hit can be traced to its entry.
VerifiedToken verified(double exp) {
  return VerifiedToken{std::make_shared<const nlohmann::json>(nlohmann::json{{"exp", exp}}), exp};
}

TEST(VerifiedTokenCacheTest, EvictsAnEntryNotUsedSinceTheClockHandPassed) {
  VerifiedTokenCache cache(2);
  cache.insert("a", verified(1), 100);
  cache.insert("b", verified(2), 100);
  ASSERT_TRUE(cache.find("a", 0));
  cache.insert("c", verified(3), 100);
  EXPECT_TRUE(cache.find("a", 0));
  EXPECT_FALSE(cache.find("b", 0));
  EXPECT_TRUE(cache.find("c", 0));
  EXPECT_EQ(cache.size(), 2U);
}

TEST(VerifiedTokenCacheTest, EveryHitChecksTheUsableUntilTime) {
  VerifiedTokenCache cache(4);
  cache.insert("a", verified(1), 100);
  EXPECT_TRUE(cache.find("a", 99.9));
  EXPECT_FALSE(cache.find("a", 100)) << "usable until, exclusive";
  EXPECT_EQ(cache.size(), 0U) << "an expired entry is dropped when found";
  EXPECT_FALSE(cache.find("a", 0)) << "and stays dropped";
}

TEST(VerifiedTokenCacheTest, TokensWithTheSameTailAreDifferentEntries) {
  VerifiedTokenCache cache(8);
  const std::string tail(40, 'T');
  cache.insert("one." + tail, verified(1), 100);
  cache.insert("two." + tail, verified(2), 100);
  EXPECT_EQ(cache.find("one." + tail, 0)->exp, 1);
  EXPECT_EQ(cache.find("two." + tail, 0)->exp, 2);
  EXPECT_FALSE(cache.find("six." + tail, 0)) << "the whole token must match";
  EXPECT_FALSE(cache.find(tail, 0));
}

TEST(VerifiedTokenCacheTest, InsertingAgainReplaces) {
  VerifiedTokenCache cache(4);
  cache.insert("a", verified(1), 100);
  cache.insert("a", verified(2), 200);
  EXPECT_EQ(cache.size(), 1U);
  EXPECT_EQ(cache.find("a", 150)->exp, 2);
}

TEST(VerifiedTokenCacheTest, BoundedAndReusesExpiredSlots) {
  VerifiedTokenCache cache(8);
  for (int i = 0; i < 100; ++i) {
    cache.insert("t" + std::to_string(i), verified(i), 10.0 + i);
    EXPECT_LE(cache.size(), 8U);
    EXPECT_FALSE(cache.find("t" + std::to_string(i), 11.0 + i)) << "expired at once";
  }
  EXPECT_EQ(cache.size(), 0U);
  VerifiedTokenCache none(0);
  none.insert("a", verified(1), 100);
  EXPECT_FALSE(none.find("a", 0));
}

std::vector<std::string> numbered_tokens(int count) {
  std::vector<std::string> tokens;
  tokens.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) tokens.push_back("header.payload-" + std::to_string(i) + ".sig");
  return tokens;
}

// Readers on every CPU while a writer replaces entries: every lookup hits (a replacement is one
// step for readers) and returns the entry of the token asked for. Run under ThreadSanitizer.
TEST(VerifiedTokenCacheTest, ConcurrentHitsAreAlwaysTheTokensOwn) {
  constexpr int kTokens = 48;
  VerifiedTokenCache cache(64);
  const auto tokens = numbered_tokens(kTokens);
  for (int i = 0; i < kTokens; ++i) cache.insert(tokens[i], verified(i), 1e9);
  std::atomic<int> wrong{0};
  std::atomic<int> hits{0};
  {
    std::vector<std::jthread> threads;
    threads.reserve(5);
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        for (int round = 0; round < 500; ++round) {
          const int i = (round * 7 + t * 5) % kTokens;
          const auto hit = cache.find(tokens[i], 0);
          if (!hit) continue;
          ++hits;
          if (hit->exp != i || hit->claims->at("exp") != i) ++wrong;
        }
      });
    }
    threads.emplace_back([&] {
      for (int round = 0; round < 200; ++round) {
        const int i = round % kTokens;
        cache.insert(tokens[i], verified(i), 1e9);
      }
    });
  }
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(hits.load(), 4 * 500);
}

// Readers, writers, eviction and expiry at once, more threads than CPUs: a hit is always the
// entry of the token asked for, and the cache stays within its capacity.
TEST(VerifiedTokenCacheTest, ConcurrentInsertsEvictionsAndExpiry) {
  constexpr int kTokens = 48;
  VerifiedTokenCache cache(16);
  const auto tokens = numbered_tokens(kTokens);
  std::atomic<int> wrong{0};
  {
    std::vector<std::jthread> threads;
    threads.reserve(6);
    for (int t = 0; t < 6; ++t) {
      threads.emplace_back([&, t] {
        for (int round = 0; round < 400; ++round) {
          const int i = (round * 7 + t * 5) % kTokens;
          const double now = round % 50;  // tokens with small i expire as now moves
          if (auto hit = cache.find(tokens[i], now)) {
            if (hit->exp != i || hit->claims->at("exp") != i) ++wrong;
          } else {
            cache.insert(tokens[i], verified(i), 10.0 + i);
          }
          if (cache.size() > 16) ++wrong;
        }
      });
    }
  }
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace freshauth
