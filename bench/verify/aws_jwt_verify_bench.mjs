// aws-jwt-verify's verifySync on the tokens in the file named by argv[2], for two seconds on one
// thread. Prints {"per_second", "per_cpu_second"} (CPU: user + system of the whole process), or
// {"error"} when aws-jwt-verify refuses the first token (e.g. an algorithm it does not verify).
import { readFileSync } from "node:fs";
import { CognitoJwtVerifier } from "aws-jwt-verify";

const input = JSON.parse(readFileSync(process.argv[2], "utf8"));
const verifier = CognitoJwtVerifier.create({ userPoolId: input.userPoolId, tokenUse: "access", clientId: input.clientId });
verifier.cacheJwks(input.jwks);
const tokens = input.tokens;
try {
  verifier.verifySync(tokens[0]);
} catch (error) {
  process.stdout.write(JSON.stringify({ error: `${error.name}: ${error.message}` }));
  process.exit(0);
}
for (let i = 0; i < 2000; ++i) verifier.verifySync(tokens[i % tokens.length]); // warm-up
const cpuAtStart = process.cpuUsage();
const started = process.hrtime.bigint();
let count = 0;
while (process.hrtime.bigint() - started < 2_000_000_000n) {
  for (let i = 0; i < 100; ++i) verifier.verifySync(tokens[count++ % tokens.length]);
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpuAtStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
process.stdout.write(JSON.stringify({ per_second: count / seconds, per_cpu_second: count / cpuSeconds }));
