// A real OpenID provider (the certified `oidc-provider` package) on loopback, for the single sign-on tests.
//
//   node tests/oidc/provider.js PORT REDIRECT_URI
//
// One client, "interlock" (secret "interlock-secret"), allowed to come back to REDIRECT_URI. There is no
// login form: the test says who signs in next (POST /_test/next), and the next interaction signs that person
// in, with the methods the test names (amr, acr), and grants the scopes at once. POST /_test/fault makes the
// next token response carry an ID token for another audience, or one that has expired, signed with the
// provider's own key: what a relying party must refuse however good the signature.
import { createServer } from "node:http";

import * as jose from "jose";
import Provider from "oidc-provider";

const port = Number(process.argv[2]);
const redirectUri = process.argv[3];
const issuer = `http://127.0.0.1:${port}`;

const { privateKey } = await jose.generateKeyPair("RS256", { extractable: true });
const signingKey = { ...(await jose.exportJWK(privateKey)), kid: "test-key", alg: "RS256", use: "sig" };

const accounts = new Map();
let nextSignIn = null;
let fault = null;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: "interlock",
      client_secret: "interlock-secret",
      redirect_uris: [redirectUri],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_post",
    },
  ],
  jwks: { keys: [signingKey] },
  cookies: { keys: ["a-key-for-the-tests-only"] },
  // amr and acr in every ID token, as Entra ID and Keycloak send them (oidc-provider only adds them on request).
  claims: { openid: ["sub", "amr", "acr"], email: ["email", "email_verified"], profile: ["name"] },
  features: { devInteractions: { enabled: false } },
  pkce: { required: () => true },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, sub) {
    const claims = accounts.get(sub);
    return claims && { accountId: sub, claims: async () => ({ sub, ...claims }) };
  },
  // No consent screen: the one client is first-party.
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope("openid email profile");
    grant.addOIDCClaims(["email", "email_verified", "name"]);
    await grant.save();
    return grant;
  },
});

// Rewrites the next ID token the token endpoint hands out, then forgets the fault.
provider.use(async (ctx, next) => {
  await next();
  if (fault && ctx.path === "/token" && ctx.body && ctx.body.id_token) {
    const claims = jose.decodeJwt(ctx.body.id_token);
    const now = Math.floor(Date.now() / 1000);
    if (fault === "audience") claims.aud = "another-application";
    if (fault === "expired") Object.assign(claims, { iat: now - 7200, exp: now - 3600 });
    ctx.body.id_token = await new jose.SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", kid: signingKey.kid })
      .sign(privateKey);
    fault = null;
  }
});

function readJson(req) {
  return new Promise((resolve, reject) => {
    let body = "";
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      try {
        resolve(JSON.parse(body || "{}"));
      } catch (error) {
        reject(error);
      }
    });
  });
}

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name !== "login" || !nextSignIn) {
    res.writeHead(409, { "content-type": "text/plain" }).end(`nobody to sign in (prompt ${details.prompt.name})`);
    return;
  }
  const { sub, claims, amr, acr } = nextSignIn;
  accounts.set(sub, claims);
  nextSignIn = null;
  await provider.interactionFinished(req, res, { login: { accountId: sub, amr, acr } }, { mergeWithLastSubmission: false });
}

const callback = provider.callback();
createServer(async (req, res) => {
  try {
    if (req.method === "POST" && req.url === "/_test/next") {
      nextSignIn = await readJson(req);
      res.writeHead(204).end();
    } else if (req.method === "POST" && req.url === "/_test/fault") {
      ({ mode: fault } = await readJson(req));
      res.writeHead(204).end();
    } else if (req.url.startsWith("/interaction/")) {
      await interaction(req, res);
    } else {
      callback(req, res);
    }
  } catch (error) {
    res.writeHead(500, { "content-type": "text/plain" }).end(String(error));
  }
}).listen(port, "127.0.0.1", () => console.log(`ready ${issuer}`));
