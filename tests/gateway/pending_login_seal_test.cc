#include "gateway/pending_login_seal.h"

#include <gtest/gtest.h>

namespace freshauth::gateway {
namespace {

const TimePoint kStarted{std::chrono::milliseconds{1'700'000'000'123}};

PendingLogin sample() {
  return {"verifier-abcdefghijklmnopqrstuvwxyz0123456789", "nonce-0123456789", "/app/orders?page=2",
          "binding-0123456789abcdef", kStarted};
}

class PendingLoginSealTest : public ::testing::Test {
 protected:
  EncryptionKey key_ = EncryptionKey::generate();
  PendingLoginSeal seal_{key_};
};

TEST_F(PendingLoginSealTest, OpensAsItWasSealed) {
  const std::string sealed = seal_.seal(sample(), "p:login:aa");
  auto opened = seal_.open(sealed, "p:login:aa");
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened->code_verifier, sample().code_verifier);
  EXPECT_EQ(opened->nonce, sample().nonce);
  EXPECT_EQ(opened->return_to, sample().return_to);
  EXPECT_EQ(opened->browser_binding, sample().browser_binding);
  EXPECT_EQ(opened->started_at, kStarted);
}

TEST_F(PendingLoginSealTest, NothingOfTheLoginIsReadableInTheSealedValue) {
  const std::string sealed = seal_.seal(sample(), "p:login:aa");
  for (const std::string& part : {sample().code_verifier, sample().nonce, sample().return_to,
                                  sample().browser_binding, std::string{"/app"}}) {
    EXPECT_EQ(sealed.find(part), std::string::npos) << part;
  }
  EXPECT_NE(seal_.seal(sample(), "p:login:aa"), sealed) << "a fresh nonce every time";
}

TEST_F(PendingLoginSealTest, AnEditedMovedTruncatedOrForeignValueDoesNotOpen) {
  const std::string sealed = seal_.seal(sample(), "p:login:aa");
  for (std::size_t at : {std::size_t{0}, std::size_t{5}, sealed.size() / 2, sealed.size() - 1}) {
    std::string edited = sealed;
    edited[at] = static_cast<char>(edited[at] ^ 0x01);
    EXPECT_FALSE(seal_.open(edited, "p:login:aa")) << "byte " << at;
  }
  EXPECT_FALSE(seal_.open(sealed, "p:login:bb")) << "moved to another state's key";
  EXPECT_FALSE(seal_.open(sealed.substr(0, 20), "p:login:aa"));
  EXPECT_FALSE(seal_.open("", "p:login:aa"));
  const PendingLoginSeal other{EncryptionKey::generate()};
  EXPECT_FALSE(other.open(sealed, "p:login:aa")) << "another gateway's key";
}

// Sealed by an earlier build under the session key 00 01 .. 1f for "p:login:aa": sign-ins in
// flight in Redis while the fleet is upgraded must keep opening.
TEST(PendingLoginSealCompatibilityTest, ALoginSealedByAnEarlierBuildStillOpens) {
  std::string sealed;
  const std::string_view hex =
      "01eaa3be3976d1932655344506bbf0b58a36149665f6be518babb353f62a8a804bc21ff7511e7b0c892f3bc0df0b"
      "b0df5a0fb46833412e71900a9ada9867c3848bf225b7597ff2591a47706fa7b3b35669ec637df2d2a10898a8d430"
      "148157285ab702095a5d7d5e9375f5ab2311b802e9fbc5f1b9ba06fababe16f99ab8ff803737";
  for (std::size_t at = 0; at + 1 < hex.size(); at += 2) {
    sealed.push_back(static_cast<char>(std::stoi(std::string{hex.substr(at, 2)}, nullptr, 16)));
  }
  const PendingLoginSeal seal{
      EncryptionKey::parse("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
                           "the test key")
          .value()};
  const auto opened = seal.open(sealed, "p:login:aa");
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened->code_verifier, "v");
  EXPECT_EQ(opened->nonce, "n");
  EXPECT_EQ(opened->return_to, "/r");
  EXPECT_EQ(opened->browser_binding, "b");
  EXPECT_EQ(opened->started_at, kStarted);
}

}  // namespace
}  // namespace freshauth::gateway
