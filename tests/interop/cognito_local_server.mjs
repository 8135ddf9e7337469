// cognito-local (npm) for interop tests: starts it on 127.0.0.1 with an OS-chosen port in a
// throwaway folder, creates through its Cognito JSON API a user pool (MFA optional), an app client
// whose access and id tokens live --token-seconds (default 3600), a confirmed user with a
// password and a second one with a TOTP authenticator, and prints one JSON line:
//   {endpoint, issuer, userPoolId, clientId, username, password,
//    mfaUsername, mfaPassword, totpSecret}
// It serves until its stdin closes (or SIGTERM), then removes its folder.
// Usage: node cognito_local_server.mjs <path to node_modules/cognito-local> [--token-seconds=N]
import {mkdtempSync, rmSync} from 'node:fs';
import {createRequire} from 'node:module';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

const moduleRoot = process.argv[2];
const tokenSeconds = Number(
    (process.argv.find((arg) => arg.startsWith('--token-seconds=')) ?? '=3600').split('=')[1]);
const require = createRequire(join(moduleRoot, 'package.json'));
process.env.PORT = '0';
process.env.HOST = '127.0.0.1';
process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = '1';
const workDir = mkdtempSync(join(tmpdir(), 'freshauth-cognito-local-'));
process.chdir(workDir);

const silentLogger = require('pino')({level: 'silent'});
const {createDefaultServer} = require('cognito-local');
const totp = require('cognito-local/lib/services/totp');
const {DefaultConfig} = require('cognito-local/lib/server/config');
const server = await (await createDefaultServer(silentLogger)).start();
const endpoint = `http://127.0.0.1:${server.address().port}/`;

async function call(target, body) {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': `AWSCognitoIdentityProviderService.${target}`,
    },
    body: JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`${target}: HTTP ${response.status} ${json.__type ?? ''}`);
  return json;
}

let stopped = false;
function shutdown(code) {
  if (stopped) return;
  stopped = true;
  server.close();
  rmSync(workDir, {recursive: true, force: true});
  process.exit(code);
}

function randomPassword() {
  return `Pw-${Math.random().toString(36).slice(2)}-9aA!`;
}

async function createUser(poolId, username, password) {
  await call(
      'AdminCreateUser', {UserPoolId: poolId, Username: username, MessageAction: 'SUPPRESS'});
  await call(
      'AdminSetUserPassword',
      {UserPoolId: poolId, Username: username, Password: password, Permanent: true});
}

// Associates and verifies an authenticator app for the user, as a user would in an app.
async function enableTotp(clientId, username, password) {
  const signedIn = await call('InitiateAuth', {
    ClientId: clientId,
    AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: {USERNAME: username, PASSWORD: password},
  });
  const accessToken = signedIn.AuthenticationResult.AccessToken;
  const {SecretCode} = await call('AssociateSoftwareToken', {AccessToken: accessToken});
  await call(
      'VerifySoftwareToken', {AccessToken: accessToken, UserCode: totp.generate(SecretCode)});
  await call('SetUserMFAPreference', {
    AccessToken: accessToken,
    SoftwareTokenMfaSettings: {Enabled: true, PreferredMfa: true},
  });
  return SecretCode;
}

try {
  const pool =
      (await call('CreateUserPool', {PoolName: 'freshauth-interop', MfaConfiguration: 'OPTIONAL'}))
          .UserPool;
  const client = (await call('CreateUserPoolClient', {
                   UserPoolId: pool.Id,
                   ClientName: 'freshauth',
                   ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
                   EnableTokenRevocation: true,
                   AccessTokenValidity: tokenSeconds,
                   IdTokenValidity: tokenSeconds,
                   TokenValidityUnits: {AccessToken: 'seconds', IdToken: 'seconds'},
                 })).UserPoolClient;
  const username = 'interop@example.com';
  const password = randomPassword();
  await createUser(pool.Id, username, password);
  const mfaUsername = 'totp@example.com';
  const mfaPassword = randomPassword();
  await createUser(pool.Id, mfaUsername, mfaPassword);
  const totpSecret = await enableTotp(client.ClientId, mfaUsername, mfaPassword);
  process.stdout.write(JSON.stringify({
    endpoint,
    issuer: `${DefaultConfig.TokenConfig.IssuerDomain}/${pool.Id}`,
    userPoolId: pool.Id,
    clientId: client.ClientId,
    username,
    password,
    mfaUsername,
    mfaPassword,
    totpSecret,
  }) + '\n');
} catch (error) {
  process.stderr.write(`cognito-local setup failed: ${error.message}\n`);
  shutdown(1);
}
process.stdin.on('end', () => shutdown(0));
process.stdin.on('error', () => shutdown(0));
process.stdin.resume();
process.on('SIGTERM', () => shutdown(0));
