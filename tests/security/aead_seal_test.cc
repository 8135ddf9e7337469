#include "freshauth/security/aead_seal.h"

#include <gtest/gtest.h>

#include <array>
#include <numeric>
#include <string>

namespace freshauth {
namespace {

std::array<unsigned char, kAeadKeySize> key_with_first_byte(unsigned char first) {
  std::array<unsigned char, kAeadKeySize> key{};
  std::iota(key.begin(), key.end(), first);
  return key;
}

const std::array<unsigned char, kAeadKeySize> kKey = key_with_first_byte(0);
const std::string kPlaintext = "a secret plaintext, longer than a small string's buffer";
const std::string kAssociatedData = std::string{"stored under\0key-1", 18};

std::string opened_text(const Expected<WipedString, AeadOpenFailure>& opened) {
  return opened ? std::string{opened->view()} : std::string{"(did not open)"};
}

TEST(AeadSealTest, OpensToThePlaintextItSealed) {
  const std::string sealed = aead_seal(kKey, kPlaintext, kAssociatedData);
  EXPECT_EQ(opened_text(aead_open(kKey, sealed, kAssociatedData)), kPlaintext);
}

TEST(AeadSealTest, AnEmptyPlaintextRoundTrips) {
  const std::string sealed = aead_seal(kKey, "", kAssociatedData);
  const auto opened = aead_open(kKey, sealed, kAssociatedData);
  ASSERT_TRUE(opened);
  EXPECT_TRUE(opened->view().empty());
}

TEST(AeadSealTest, TheSealedValueHidesThePlaintextAndNeverRepeats) {
  const std::string sealed = aead_seal(kKey, kPlaintext, kAssociatedData);
  EXPECT_EQ(sealed.find("secret"), std::string::npos);
  EXPECT_EQ(sealed.size(), 1 + 24 + kPlaintext.size() + 16) << "format byte, nonce, tag";
  EXPECT_EQ(sealed[0], '\x01') << "the format byte";
  EXPECT_NE(aead_seal(kKey, kPlaintext, kAssociatedData), sealed) << "a fresh nonce every time";
}

TEST(AeadSealTest, AnotherKeyIsRejected) {
  const std::string sealed = aead_seal(kKey, kPlaintext, kAssociatedData);
  const auto opened = aead_open(key_with_first_byte(1), sealed, kAssociatedData);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error(), AeadOpenFailure::rejected);
}

TEST(AeadSealTest, AnyEditedByteAfterTheFormatIsRejected) {
  const std::string sealed = aead_seal(kKey, kPlaintext, kAssociatedData);
  for (std::size_t at = 1; at < sealed.size(); ++at) {
    std::string edited = sealed;
    edited[at] = static_cast<char>(edited[at] ^ 0x01);
    const auto opened = aead_open(kKey, edited, kAssociatedData);
    ASSERT_FALSE(opened) << "byte " << at;
    EXPECT_EQ(opened.error(), AeadOpenFailure::rejected) << "byte " << at;
  }
}

TEST(AeadSealTest, OtherAssociatedDataIsRejected) {
  const std::string sealed = aead_seal(kKey, kPlaintext, kAssociatedData);
  for (const std::string& other :
       {std::string{"stored under"}, std::string{"stored under\0key-2", 18}, std::string{}}) {
    const auto opened = aead_open(kKey, sealed, other);
    ASSERT_FALSE(opened);
    EXPECT_EQ(opened.error(), AeadOpenFailure::rejected);
  }
}

TEST(AeadSealTest, ATruncatedValueOrAnotherFormatIsMalformed) {
  const std::string sealed = aead_seal(kKey, kPlaintext, kAssociatedData);
  for (const std::size_t size :
       {std::size_t{0}, std::size_t{1}, std::size_t{24}, std::size_t{40}}) {
    const auto opened = aead_open(kKey, sealed.substr(0, size), kAssociatedData);
    ASSERT_FALSE(opened) << size << " bytes";
    EXPECT_EQ(opened.error(), AeadOpenFailure::malformed) << size << " bytes";
  }
  // Long enough for a tag, but cut: the tag check fails.
  const auto cut = aead_open(kKey, sealed.substr(0, sealed.size() - 1), kAssociatedData);
  ASSERT_FALSE(cut);
  EXPECT_EQ(cut.error(), AeadOpenFailure::rejected);

  std::string other_format = sealed;
  other_format[0] = '\x02';
  const auto opened = aead_open(kKey, other_format, kAssociatedData);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error(), AeadOpenFailure::malformed);
}

}  // namespace
}  // namespace freshauth
