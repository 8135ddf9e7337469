// A backend API guarded by aws-jwt-verify (npm), for end-to-end tests of `freshauth curl`: every
// request to GET /api/user needs `Authorization: Bearer <access token>` that verifies against the
// issuer's JWKS (signature, issuer, token_use access, client_id); else 401.
// Prints one JSON line {"url": "http://127.0.0.1:<port>"} on stderr once listening, and serves
// until SIGTERM.
// Usage: node bearer_api.mjs <issuer> <jwksUri> <clientId>
import { createServer } from "node:http";
import { JwtRsaVerifier } from "aws-jwt-verify";

const [issuer, jwksUri, clientId] = process.argv.slice(2);
const verifier = JwtRsaVerifier.create({
  issuer,
  jwksUri,
  audience: null,
  customJwtCheck: ({ payload }) => {
    if (payload.token_use !== "access") throw new Error("not an access token");
    if (payload.client_id !== clientId) throw new Error("issued for another client");
  },
});

// aws-jwt-verify fetches keys over https only; cognito-local serves them over http, so the keys
// are fetched here and handed to the verifier (again when a token names an unknown key).
async function loadKeys() {
  const response = await fetch(jwksUri);
  verifier.cacheJwks(await response.json());
}
await loadKeys();

function verify(token) {
  try {
    return verifier.verifySync(token);
  } catch (error) {
    if (error.name !== "KidNotFoundInJwksError") throw error;
    return loadKeys().then(() => verifier.verifySync(token));
  }
}

const server = createServer(async (request, response) => {
  const header = request.headers.authorization ?? "";
  const token = header.startsWith("Bearer ") ? header.slice("Bearer ".length) : "";
  if (request.method !== "GET" || request.url !== "/api/user") {
    response.writeHead(404).end();
    return;
  }
  try {
    const payload = await verify(token);
    response.writeHead(200, { "Content-Type": "application/json" });
    response.end(JSON.stringify({ sub: payload.sub, username: payload.username }));
  } catch (error) {
    response.writeHead(401, { "Content-Type": "application/json" });
    response.end(JSON.stringify({ error: "unauthorized", reason: error.name }));
  }
});
server.listen(0, "127.0.0.1", () => {
  process.stderr.write(JSON.stringify({ url: `http://127.0.0.1:${server.address().port}` }) + "\n");
});
process.on("SIGTERM", () => process.exit(0));
