// aws-jwt-verify verifySync rate (verifications/s, one core) on the tokens in argv[2].
import { readFileSync } from "node:fs";
import { CognitoJwtVerifier } from "aws-jwt-verify";

const input = JSON.parse(readFileSync(process.argv[2], "utf8"));
const verifier = CognitoJwtVerifier.create({ userPoolId: input.userPoolId, tokenUse: "access", clientId: input.clientId });
verifier.cacheJwks(input.jwks);
const tokens = input.tokens;
for (let i = 0; i < 2000; ++i) verifier.verifySync(tokens[i % tokens.length]); // warm-up
const started = process.hrtime.bigint();
let count = 0;
while (process.hrtime.bigint() - started < 2_000_000_000n) {
  for (let i = 0; i < 100; ++i) verifier.verifySync(tokens[count++ % tokens.length]);
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
process.stdout.write(String(count / seconds));
