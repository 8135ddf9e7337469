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

}  // namespace
}  // namespace freshauth::gateway
