// The BFF gateway in a real browser: headless Chromium (Debian's /usr/bin/chromium) driven by
// playwright-core against browser_harness (the embedded idp, the gateway, the single-page app's
// upstream and another site; see browser_harness.cc). In order:
//   1. sign in on the idp's login page, reached from the gateway's /auth/login, and land on the
//      single-page app, served by the gateway from its own origin;
//   2. the session cookie is HttpOnly, Secure, SameSite=Strict: document.cookie cannot see it;
//   3. the app's JavaScript calls the API through the gateway for three token lifetimes: every
//      call succeeds, with a token the gateway refreshed behind the browser's back;
//   4. another site's page cannot read the API with the browser's credentials nor log it out;
//   5. logging out ends the session: the API answers 401.
//
//   node bff_browser_test.mjs <path to browser_harness>
//
// Exits 0 when every check passed, 1 naming the first that failed. Every wait has a deadline, and
// the harness is stopped (killed if it must be) whatever happens. When playwright-core or
// Chromium is missing it prints "browser test skipped: ..." and exits 0, unless
// FRESHAUTH_REQUIRE_PEERS=1 (./dev test), where that is a failure.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

const CHROMIUM = '/usr/bin/chromium';
const SESSION_COOKIE = '__Host-freshauth-session';
const TOKEN_LIFETIME_SECONDS = 8;
const STEP_TIMEOUT_MS = 15_000;
const HARNESS_START_TIMEOUT_MS = 30_000;
const HARNESS_STOP_TIMEOUT_MS = 10_000;
const TOTAL_TIMEOUT_MS = 150_000; // under ctest's TIMEOUT (180 s)

const started = Date.now();
const seconds = () => ((Date.now() - started) / 1000).toFixed(1);

function missing(what) {
  if (process.env.FRESHAUTH_REQUIRE_PEERS === '1') {
    console.error(`FAIL: ${what} is missing: ./dev test installs it (apt-get, npm ci)`);
    process.exit(1);
  }
  console.log(`browser test skipped: ${what} is missing (run ./dev test, which installs it)`);
  process.exit(0);
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

function within(promise, ms, what) {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s: ${what}`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

// page.evaluate has no timeout of its own.
function inPage(page, fn, what) {
  return within(page.evaluate(fn), STEP_TIMEOUT_MS, what);
}

async function step(name, body) {
  const from = Date.now();
  await body();
  console.log(`ok   ${name} (${((Date.now() - from) / 1000).toFixed(1)} s)`);
}

function startHarness(path) {
  const child = spawn(path, [`--token-lifetime=${TOKEN_LIFETIME_SECONDS}`], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const announced = new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (line) => {
      try {
        resolve(JSON.parse(line));
      } catch {
        reject(new Error(`browser_harness announced something that is not JSON: ${line}`));
      }
    });
    child.once('error', (error) => reject(new Error(`browser_harness did not start: ${error}`)));
    child.once('exit', (code, signal) =>
      reject(new Error(`browser_harness exited (${code ?? signal}) before announcing`)));
  });
  return { child, announced: within(announced, HARNESS_START_TIMEOUT_MS, 'browser_harness start') };
}

// Closing its stdin asks it to stop; it is killed if it has not within the deadline.
async function stopHarness(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.stdin.end();
  try {
    await within(exited, HARNESS_STOP_TIMEOUT_MS, 'browser_harness stop');
  } catch {
    child.kill('SIGKILL');
  }
}

async function upstreamStats(site) {
  const response = await fetch(site.upstream_stats, { signal: AbortSignal.timeout(STEP_TIMEOUT_MS) });
  return response.json();
}

const harnessPath = process.argv[2];
if (!harnessPath || !existsSync(harnessPath)) {
  console.error('usage: node bff_browser_test.mjs <path to browser_harness>');
  process.exit(2);
}
let chromium;
try {
  ({ chromium } = await import('playwright-core'));
} catch {
  missing('playwright-core (npm)');
}
if (!existsSync(CHROMIUM)) missing(`${CHROMIUM} (Debian package chromium)`);

const harness = startHarness(harnessPath);
const watchdog = setTimeout(() => {
  console.error(`FAIL: the test did not finish within ${TOTAL_TIMEOUT_MS / 1000} s`);
  harness.child.kill('SIGKILL');
  process.exit(1); // playwright-core kills the browser it launched on exit
}, TOTAL_TIMEOUT_MS);

let browser;
try {
  const site = await harness.announced;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Chromium cannot sandbox itself as root; playwright-core then passes --no-sandbox.
    chromiumSandbox: process.getuid() !== 0,
    timeout: 30_000,
  });
  const context = await browser.newContext();
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
  const app = await context.newPage();
  app.on('pageerror', (error) => console.error(`app page error: ${error}`));

  await step("sign in on the idp's login page and land on the app", async () => {
    await app.goto(`${site.gateway}/auth/login?return_to=/app/`);
    const login = new URL(app.url());
    check(login.hostname === 'localhost' && login.pathname === '/oauth2/authorize',
          `expected the idp's login page on another site, got ${login.origin}${login.pathname}`);
    await app.fill('input[name=username]', site.username);
    await app.fill('input[name=password]', site.password);
    await Promise.all([app.waitForURL(`${site.gateway}/app/`), app.click('button[type=submit]')]);
    await app.waitForFunction(() => document.getElementById('who')?.textContent !== 'Loading');
    const who = await app.textContent('#who');
    check(who === `Signed in as ${site.username}`, `the app says "${who}" after signing in`);
  });

  await step('the session cookie is HttpOnly, Secure, SameSite=Strict and out of reach', async () => {
    const cookies = await context.cookies(site.gateway);
    const session = cookies.find((cookie) => cookie.name === SESSION_COOKIE);
    const names = cookies.map((cookie) => cookie.name).join(', ') || 'none';
    check(session, `the browser kept no ${SESSION_COOKIE} cookie (it has: ${names})`);
    const { httpOnly, secure, sameSite, path, domain } = session;
    check(httpOnly && secure && sameSite === 'Strict' && path === '/' && domain === '127.0.0.1',
          `the session cookie is ${JSON.stringify({ httpOnly, secure, sameSite, path, domain })}`);
    const visible = await inPage(app, () => window.spa.cookies(), 'document.cookie');
    check(!visible.includes(SESSION_COOKIE), 'document.cookie shows the session cookie');
  });

  await step(`the app calls the API for three token lifetimes (${3 * TOKEN_LIFETIME_SECONDS} s)`,
             async () => {
    const end = Date.now() + (3 * TOKEN_LIFETIME_SECONDS + 1) * 1000;
    const expiries = new Set();
    for (let call = 1; Date.now() < end; ++call) {
      const answer = await inPage(app, () => window.spa.callApi(), `API call ${call}`);
      check(answer.status === 200,
            `API call ${call} at ${seconds()} s answered ${answer.status}: ` +
            JSON.stringify(answer.body));
      expiries.add(answer.body.token_expires_at);
      await sleep(1000);
    }
    check(expiries.size >= 3,
          `the API saw ${expiries.size} token(s) over three lifetimes: the gateway did not refresh`);
    const stats = await upstreamStats(site);
    check(stats.api_refused === 0, `the API refused ${stats.api_refused} call(s)`);
    check(stats.api_with_browser_headers === 0, 'a cookie or the CSRF header reached the API');
    check(stats.pages_served >= 1 && stats.pages_with_credentials === 0,
          `the app's page was served ${stats.pages_served} time(s), ` +
          `${stats.pages_with_credentials} with credentials`);
  });

  await step('another site can neither read the API nor log the browser out', async () => {
    const before = await upstreamStats(site);
    const other = await context.newPage();
    await other.goto(site.other_site);
    const read = await inPage(other, () => window.otherSite.readApi(), 'cross-site API call');
    check(read.outcome === 'refused', `the other site read the API: ${JSON.stringify(read)}`);
    const logout = await inPage(other, () => window.otherSite.postLogout(), 'cross-site logout');
    check(logout.outcome === 'refused' || (logout.type === 'opaque' && logout.status === 0),
          `the other site read the logout's answer: ${JSON.stringify(logout)}`);
    await other.close();
    const after = await upstreamStats(site);
    check(after.api_answered === before.api_answered && after.api_refused === before.api_refused,
          'a cross-site request reached the API');
    const still = await inPage(app, () => window.spa.callApi(), 'API call after the other site');
    check(still.status === 200, `the session did not survive the other site (${still.status})`);
  });

  await step('logging out ends the session', async () => {
    const out = await inPage(app, () => window.spa.signOut(), 'logout');
    check(out.status === 200 && out.body.signed_out === true,
          `logout answered ${out.status}: ${JSON.stringify(out.body)}`);
    const refused = await inPage(app, () => window.spa.callApi(), 'API call after logout');
    check(refused.status === 401, `the API answered ${refused.status} after logout`);
    const cookies = await context.cookies(site.gateway);
    check(!cookies.some((cookie) => cookie.name === SESSION_COOKIE),
          'the session cookie is still in the browser');
    const who = await inPage(app, () => window.spa.whoAmI(), '/auth/session after logout');
    check(who.body.signed_in === false, `/auth/session says ${JSON.stringify(who.body)}`);
  });

  const stats = await upstreamStats(site);
  console.log(`browser test passed in ${seconds()} s (${stats.api_answered} API calls, ` +
              `${stats.distinct_tokens} access tokens)`);
} catch (error) {
  console.error(`FAIL at ${seconds()} s: ${error.message}`);
  process.exitCode = 1;
} finally {
  if (browser) await within(browser.close(), STEP_TIMEOUT_MS, 'closing Chromium').catch(() => {});
  await stopHarness(harness.child);
  clearTimeout(watchdog);
}
