import { createRequire, Module } from "node:module";

type Msal = typeof import("@azure/msal-node");

/**
 * `@azure/msal-node`, required at the first exchange so that importing azfed stays cheap. Its
 * single-file CommonJS build is loaded (from the ESM build too): it loads in about half the time of
 * its ESM build, which is some 200 modules.
 *
 * That build requires `jsonwebtoken` (and through it `semver` and a dozen `lodash` files) at its top,
 * although only a certificate credential uses it (`ClientAssertion.getJwt` signs with it); azfed hands
 * msal-node a ready assertion and never signs. Loading them took some 28 ms of a cold start. So, for
 * the moment msal-node is required, `jsonwebtoken` is in the module cache as a stand-in whose
 * properties require the real package at their first use; the stand-in leaves the cache as soon as
 * msal-node is loaded, so any other `require("jsonwebtoken")` gets the real one. No file of msal-node
 * is changed, and nothing is done if `jsonwebtoken` was loaded already.
 *
 * @see https://github.com/AzureAD/microsoft-authentication-library-for-js/blob/msal-node-v7.2.1/lib/msal-node/src/client/ClientAssertion.ts (the one use of `jsonwebtoken`, read in the published msal-node 7.2.1 `lib/msal-node.cjs`)
 */
export function requireMsal(): Msal {
  const require = createRequire(import.meta.url);
  const msalPath = require.resolve("@azure/msal-node");
  let jwtPath: string | undefined;
  try {
    jwtPath = createRequire(msalPath).resolve("jsonwebtoken");
  } catch {
    // A future msal-node without jsonwebtoken: nothing to defer.
  }
  if (jwtPath === undefined || require.cache[jwtPath] !== undefined) return require(msalPath) as Msal;
  const real = jwtPath;
  const standIn = new Module(real);
  standIn.filename = real;
  standIn.loaded = true;
  standIn.exports = new Proxy(
    {},
    {
      get: (_target, property) => Reflect.get(require(real) as object, property),
      has: (_target, property) => Reflect.has(require(real) as object, property),
    },
  );
  require.cache[real] = standIn;
  try {
    return require(msalPath) as Msal;
  } finally {
    if (require.cache[real] === standIn) delete require.cache[real];
  }
}
