#include "freshauth/providers/pkce.h"

#include <gtest/gtest.h>

#include <set>

namespace freshauth {
namespace {

TEST(PkceTest, S256MatchesRfc7636AppendixB) {
  EXPECT_EQ(pkce_s256_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

TEST(PkceTest, PairsAreRandomUrlSafeAndConsistent) {
  std::set<std::string> verifiers;
  for (int i = 0; i < 32; ++i) {
    const PkcePair pair = make_pkce_pair();
    EXPECT_EQ(pair.verifier.size(), 43U);
    EXPECT_EQ(pair.verifier.find_first_not_of(
                  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
              std::string::npos);
    EXPECT_EQ(pair.challenge, pkce_s256_challenge(pair.verifier));
    EXPECT_EQ(pair.challenge.size(), 43U);
    verifiers.insert(pair.verifier);
  }
  EXPECT_EQ(verifiers.size(), 32U);
}

}  // namespace
}  // namespace freshauth
