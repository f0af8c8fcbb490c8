// A real OpenID provider (panva/oidc-provider) for the console's sign-in tests.
//
// Never deployed: it signs in anyone whose login is one of USERS below, with
// any password (the library's development interactions), and puts a "groups"
// claim into the ID token as Entra ID, Keycloak and Google Workspace (through a
// mapper) do. Everything it holds is synthetic.
//
// Settings, from the environment (the pytest fixture sets them):
//   PORT           the port to listen on (127.0.0.1 only)
//   HOST_NAME      its name in the issuer URL: "localhost", so that to a browser it is
//                  another site than the console on 127.0.0.1, as a real provider is
//   CLIENT_ID      the console's client id
//   CLIENT_SECRET  the console's client secret
//   REDIRECT_URI   the console's callback URL (exact match, as a real provider checks)
import crypto from 'node:crypto';

import Provider from 'oidc-provider';

const port = Number(process.env.PORT);
const issuer = `http://${process.env.HOST_NAME || '127.0.0.1'}:${port}`;
const scopes = 'openid profile groups';

// login -> claims. The subject ("sub") is an opaque id, as a real provider's is.
const USERS = {
  'dana-dpo': { sub: 'a1f4e2c0-dpo', name: 'Dana Example', groups: ['sl-dpo', 'all-staff'] },
  'alex-auditor': { sub: 'b7d3a9e1-audit', name: 'Alex Example', groups: ['sl-audit'] },
  'pat-partner': { sub: 'c5e8b0f2-partner', name: 'Pat Example', groups: ['sl-partner-police'] },
  'sam-staff': { sub: 'd9c1f7a3-staff', name: 'Sam Example', groups: ['all-staff'] },
};

// A fresh signing key per run: the console must fetch it from the JWKS endpoint.
const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' };

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: process.env.CLIENT_ID,
      client_secret: process.env.CLIENT_SECRET,
      redirect_uris: [process.env.REDIRECT_URI],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  jwks: { keys: [signingKey] },
  cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
  pkce: { required: () => true },
  scopes: scopes.split(' '),
  claims: { openid: ['sub'], profile: ['name'], groups: ['groups'] },
  // Claims go into the ID token itself (not only userinfo), as the console reads them there.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true } },
  async findAccount(ctx, login) {
    const user = USERS[login];
    if (!user) return undefined;
    return { accountId: login, claims: async () => ({ ...user }) };
  },
  // The console is a first-party client: consent is given once by the council, not by
  // each user, so the only interaction is the login form.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId
      || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope(scopes);
    await grant.save();
    return grant;
  },
});

provider.listen(port, '127.0.0.1', () => {
  process.stdout.write(`oidc-provider listening on ${issuer}\n`);
});
