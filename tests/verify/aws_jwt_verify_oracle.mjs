// Verdicts of aws-jwt-verify on a token corpus, for the differential test.
// Input (file named by argv[2]): {"userPoolId", "jwks", "cases": [{"name", "token", "tokenUse",
// "clientId", "scope"?, "groups"?}]}. Output: [{"name", "valid", "error"?}] on stdout.
// Keys come from cacheJwks and only verifySync is called, so nothing touches the network.
import { readFileSync } from "node:fs";
import { CognitoJwtVerifier } from "aws-jwt-verify";

const input = JSON.parse(readFileSync(process.argv[2], "utf8"));
const verdicts = input.cases.map((c) => {
  const verifier = CognitoJwtVerifier.create({
    userPoolId: input.userPoolId,
    tokenUse: c.tokenUse,
    clientId: c.clientId,
    ...(c.scope ? { scope: c.scope } : {}),
    ...(c.groups ? { groups: c.groups } : {}),
  });
  verifier.cacheJwks(input.jwks);
  try {
    verifier.verifySync(c.token);
    return { name: c.name, valid: true };
  } catch (error) {
    return { name: c.name, valid: false, error: `${error.name}: ${error.message}` };
  }
});
process.stdout.write(JSON.stringify(verdicts));
