// Mints JWTs with the npm package jose, independently of the gateway's own code, for the tests.
// node mint.mjs SPEC.json, where SPEC.json is {"secret": "...", "tokens": [{"name", "sign", "alg", "kid"?, "claims", "expIn"?, "nbfIn"?, "iatIn"?, "header"?, "embedJwk"?}]}
//   sign: "secret" (HMAC with the shared secret), "rsa-1" | "rsa-2" | "ec-1" (generated key pairs),
//         "none" (an unsecured token), or "rsa-1-public-as-secret" (HMAC keyed with rsa-1's public key PEM:
//         the key-confusion attack); alg: the header's alg; *In: seconds from now for exp, nbf, iat;
//   header: more protected header fields, written as given (jku, x5u, crit, a kid of any JSON type);
//   embedJwk: put the signing key's public JWK in the header (jwk), as an attacker presenting its own key would.
// stdout: {"jwks": {...rsa-1, ec-1...}, "rotatedJwks": {...plus rsa-2...}, "tokens": {"name": "token"}}
import { readFileSync } from 'node:fs';
import * as jose from 'jose';

const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));

const pairs = {
  'rsa-1': await jose.generateKeyPair('RS256', { extractable: true }),
  'rsa-2': await jose.generateKeyPair('RS256', { extractable: true }),
  'ec-1': await jose.generateKeyPair('ES256', { extractable: true }),
};
const publicJwk = async (kid, alg) => ({ ...(await jose.exportJWK(pairs[kid].publicKey)), kid, alg, use: 'sig' });
const jwks = { keys: [await publicJwk('rsa-1', 'RS256'), await publicJwk('ec-1', 'ES256')] };
const rotatedJwks = { keys: [...jwks.keys, await publicJwk('rsa-2', 'RS256')] };

const now = Math.floor(Date.now() / 1000);
const tokens = {};
for (const spec of input.tokens) {
  const claims = { ...spec.claims };
  for (const [field, offset] of [['exp', spec.expIn], ['nbf', spec.nbfIn], ['iat', spec.iatIn]]) {
    if (offset !== undefined && offset !== null) claims[field] = now + offset;
  }
  if (spec.sign === 'none') {
    tokens[spec.name] = new jose.UnsecuredJWT(claims).encode();
    continue;
  }
  const header = { alg: spec.alg, typ: 'JWT', ...(spec.kid ? { kid: spec.kid } : {}), ...(spec.header ?? {}) };
  if (spec.embedJwk) header.jwk = await jose.exportJWK(pairs[spec.sign].publicKey);
  // jose refuses to sign a crit it does not know unless told the extensions are understood.
  const options = Array.isArray(header.crit) ? { crit: Object.fromEntries(header.crit.map((name) => [name, true])) } : undefined;
  let key;
  if (spec.sign === 'secret') key = new TextEncoder().encode(input.secret);
  else if (spec.sign === 'rsa-1-public-as-secret') key = new TextEncoder().encode(await jose.exportSPKI(pairs['rsa-1'].publicKey));
  else key = pairs[spec.sign].privateKey;
  tokens[spec.name] = await new jose.SignJWT(claims).setProtectedHeader(header).sign(key, options);
}
process.stdout.write(JSON.stringify({ jwks, rotatedJwks, tokens }));
