#include "providers/cognito_secret_hash.h"

#include <gtest/gtest.h>

namespace freshauth::detail {
namespace {

// RFC 4231 test case 2: HMAC-SHA256(key "Jefe", "what do ya want for nothing?") is
// 5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843; SECRET_HASH is its Base64
// with username + client id as the message.
TEST(CognitoSecretHashTest, MatchesRfc4231Vector) {
  EXPECT_EQ(cognito_secret_hash("what do ya want ", "for nothing?", "Jefe"),
            "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=");
}

// Pinned from `printf 'alice@example.com4lh3ri2e2s0bb7pvl0qm3ek2v1' |
// openssl dgst -sha256 -hmac 1c2s6ujkc5rmi0tv9bmlr2kp7q5bpn8a1kpjq4r4r5p0j7ul3f2e -binary |
// base64`.
TEST(CognitoSecretHashTest, MatchesOpensslCommandLine) {
  EXPECT_EQ(cognito_secret_hash("alice@example.com", "4lh3ri2e2s0bb7pvl0qm3ek2v1",
                                "1c2s6ujkc5rmi0tv9bmlr2kp7q5bpn8a1kpjq4r4r5p0j7ul3f2e"),
            "MLXZcWVqOvB5W7XkPacOv/qOJear26RLvTQMwRZC6kI=");
}

TEST(CognitoSecretHashTest, DependsOnEveryInput) {
  const std::string base = cognito_secret_hash("alice", "client", "secret");
  EXPECT_NE(cognito_secret_hash("alicf", "client", "secret"), base);
  EXPECT_NE(cognito_secret_hash("alice", "clienu", "secret"), base);
  EXPECT_NE(cognito_secret_hash("alice", "client", "secreu"), base);
  EXPECT_EQ(base.size(), 44U);  // 32 bytes in Base64 with padding
}

}  // namespace
}  // namespace freshauth::detail
