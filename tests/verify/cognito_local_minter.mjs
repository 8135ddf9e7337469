// Starts cognito-local (npm) on 127.0.0.1 with an OS-chosen port in a throwaway folder, creates a
// user pool, an app client and a confirmed user through its Cognito JSON API, signs in with
// USER_PASSWORD_AUTH and prints one JSON line: the endpoint, pool, client and the tokens it minted.
// It serves until its stdin closes (or it is killed), so the caller can fetch the JWKS meanwhile.
// Usage: node cognito_local_minter.mjs <path to node_modules/cognito-local>
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";

const moduleRoot = process.argv[2];
const require = createRequire(join(moduleRoot, "package.json"));
process.env.PORT = "0";
process.env.HOST = "127.0.0.1";
process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = "1";
const workDir = mkdtempSync(join(tmpdir(), "freshauth-cognito-local-"));
process.chdir(workDir);

const silentLogger = require("pino")({ level: "silent" });
const { createDefaultServer } = require("cognito-local");
const server = await (await createDefaultServer(silentLogger)).start();
const endpoint = `http://127.0.0.1:${server.address().port}`;

async function call(target, body) {
  const response = await fetch(endpoint, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-amz-json-1.1",
      "X-Amz-Target": `AWSCognitoIdentityProviderService.${target}`,
    },
    body: JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`${target}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

function shutdown(code) {
  server.close();
  rmSync(workDir, { recursive: true, force: true });
  process.exit(code);
}

try {
  const pool = (await call("CreateUserPool", { PoolName: "freshauth-interop" })).UserPool;
  const client = (await call("CreateUserPoolClient", { UserPoolId: pool.Id, ClientName: "cli" }))
    .UserPoolClient;
  const username = "interop@example.com";
  const password = `Pw-${Math.random().toString(36).slice(2)}-9aA!`;
  await call("AdminCreateUser", { UserPoolId: pool.Id, Username: username, MessageAction: "SUPPRESS" });
  await call("AdminSetUserPassword", { UserPoolId: pool.Id, Username: username, Password: password, Permanent: true });
  const auth = await call("InitiateAuth", {
    ClientId: client.ClientId,
    AuthFlow: "USER_PASSWORD_AUTH",
    AuthParameters: { USERNAME: username, PASSWORD: password },
  });
  const { DefaultConfig } = require("cognito-local/lib/server/config");
  process.stdout.write(JSON.stringify({
    endpoint,
    issuer: `${DefaultConfig.TokenConfig.IssuerDomain}/${pool.Id}`,
    userPoolId: pool.Id,
    clientId: client.ClientId,
    accessToken: auth.AuthenticationResult.AccessToken,
    idToken: auth.AuthenticationResult.IdToken,
  }) + "\n");
} catch (error) {
  process.stderr.write(`cognito-local setup failed: ${error.message}\n`);
  shutdown(1);
}
process.stdin.on("end", () => shutdown(0));
process.stdin.resume();
process.on("SIGTERM", () => shutdown(0));
