// oidc-provider (npm) as a peer for freshauth's OAuth2 interop tests.
//
//   node oidc_provider_server.mjs [--rotate=on|off] [--access-token-ttl=SECONDS]
//                                 [--refresh-token-ttl=SECONDS] [--device-code-ttl=SECONDS]
//
// Listens on 127.0.0.1 with a port the OS picks, prints ONE JSON line on stdout once listening:
//   {"issuer", "stats_url", "clients": [{client_id, client_secret?, token_endpoint_auth_method}],
//    "user": {"login", "password", "sub"}}
// and serves until its stdin closes. Every option may also come from the environment as
// OIDC_HARNESS_ROTATE, OIDC_HARNESS_ACCESS_TOKEN_TTL, ... (argv wins).
//
// GET /__test/stats (harness-only, same port) counts what the server saw, so a test can assert
// from the server's side: {"grants": {"<grant_type>": successes}, "grant_errors": {"<grant_type>":
// {"<error>": n}}, "refresh_token_reuse": n, "revoked_grants": n, "introspections": n,
// "revocations": n}.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

// stdout carries the one announcement line and is closed by the test after reading it:
// oidc-provider's notices (console.info) go to stderr instead of failing with EPIPE.
console.log = console.error;
console.info = console.error;
process.stdout.on('error', () => {});

function option(name, fallback) {
  const flag = `--${name}=`;
  const fromArgv = process.argv.slice(2).find((arg) => arg.startsWith(flag));
  if (fromArgv) return fromArgv.slice(flag.length);
  const fromEnv = process.env[`OIDC_HARNESS_${name.toUpperCase().replaceAll('-', '_')}`];
  return fromEnv ?? fallback;
}

function seconds(name, fallback) {
  const value = Number(option(name, String(fallback)));
  if (!Number.isInteger(value) || value <= 0) {
    process.stderr.write(`oidc_provider_server: --${name} must be a positive integer\n`);
    process.exit(2);
  }
  return value;
}

const rotate = option('rotate', 'on');
if (rotate !== 'on' && rotate !== 'off') {
  process.stderr.write('oidc_provider_server: --rotate must be on or off\n');
  process.exit(2);
}
const accessTokenTtl = seconds('access-token-ttl', 4);
const refreshTokenTtl = seconds('refresh-token-ttl', 3600);
const deviceCodeTtl = seconds('device-code-ttl', 120);

const user = { login: 'alice', password: 'any password works with devInteractions', sub: 'alice' };
const account = {
  accountId: user.sub,
  async claims() {
    return { sub: user.sub, email: 'alice@example.test', email_verified: true };
  },
};

const grantTypes = [
  'authorization_code',
  'refresh_token',
  'urn:ietf:params:oauth:grant-type:device_code',
];
// Native clients: oidc-provider then accepts any port on a registered loopback redirect URI
// (RFC 8252 section 7.3), which is what a one-shot loopback listener on a free port needs.
const redirectUris = [
  'http://127.0.0.1/callback',
  'http://127.0.0.1/',
  'http://localhost/callback',
  'http://[::1]/callback',
];
const secret = () => randomBytes(24).toString('base64url');
const clients = [
  { client_id: 'public-client', token_endpoint_auth_method: 'none' },
  { client_id: 'basic-client', client_secret: secret(), token_endpoint_auth_method: 'client_secret_basic' },
  { client_id: 'post-client', client_secret: secret(), token_endpoint_auth_method: 'client_secret_post' },
].map((client) => ({
  ...client,
  application_type: 'native',
  grant_types: grantTypes,
  response_types: ['code'],
  redirect_uris: redirectUris,
}));

const stats = {
  grants: {},
  grant_errors: {},
  refresh_token_reuse: 0,
  revoked_grants: 0,
  introspections: 0,
  revocations: 0,
};

function grantTypeOf(ctx) {
  return ctx.oidc?.params?.grant_type ?? 'unknown';
}

function configuration() {
  return {
    clients,
    cookies: { keys: [secret(), secret()] },
    async findAccount(_ctx, sub) {
      return sub === user.sub ? account : undefined;
    },
    scopes: ['openid', 'offline_access', 'email'],
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    // oidc-provider's default issueRefreshToken: a refresh token only when the client asked for,
    // and was granted, offline_access - as most servers do. The client must ask for it.
    rotateRefreshToken: rotate === 'on',
    features: {
      devInteractions: { enabled: true },
      deviceFlow: { enabled: true },
      revocation: { enabled: true },
      introspection: { enabled: true },
    },
    ttl: {
      AccessToken: accessTokenTtl,
      IdToken: accessTokenTtl,
      RefreshToken: refreshTokenTtl,
      DeviceCode: deviceCodeTtl,
      AuthorizationCode: 60,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
  };
}

function count(provider) {
  provider.on('grant.success', (ctx) => {
    const type = grantTypeOf(ctx);
    stats.grants[type] = (stats.grants[type] ?? 0) + 1;
  });
  provider.on('grant.error', (ctx, error) => {
    const type = grantTypeOf(ctx);
    const byError = (stats.grant_errors[type] ??= {});
    byError[error.error] = (byError[error.error] ?? 0) + 1;
    if (error.error_detail === 'refresh token already used') stats.refresh_token_reuse += 1;
    // The detail never holds a token; the stderr log helps a failing test say why.
    const why = error.error_detail ?? error.error_description;
    process.stderr.write(`oidc_provider_server: ${type}: ${error.error} (${why})\n`);
  });
  provider.on('grant.revoked', () => { stats.revoked_grants += 1; });
  provider.on('server_error', (_ctx, error) => {
    process.stderr.write(`oidc_provider_server: server_error: ${error.message}\n`);
  });
}

function countRoute(pathname) {
  if (pathname === '/token/introspection') stats.introspections += 1;
  if (pathname === '/token/revocation') stats.revocations += 1;
}

let handler = null;
const server = createServer((req, res) => {
  const { pathname } = new URL(req.url, 'http://127.0.0.1');
  if (req.method === 'GET' && pathname === '/__test/stats') {
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(stats));
    return;
  }
  countRoute(pathname);
  handler(req, res);
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, configuration());
  count(provider);
  handler = provider.callback();
  process.stdout.write(`${JSON.stringify({
    issuer,
    stats_url: `${issuer}/__test/stats`,
    clients: clients.map(({ client_id, client_secret, token_endpoint_auth_method }) => ({
      client_id, client_secret, token_endpoint_auth_method,
    })),
    user,
    rotate: rotate === 'on',
    access_token_ttl: accessTokenTtl,
  })}\n`);
});

function stop() {
  server.close();
  server.closeAllConnections();
  process.exit(0);
}
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
