#!/usr/bin/env node
// Every optional property of every type a package exports accepts `undefined`: `name?: T | undefined`,
// never `name?: T`. Users who compile with `exactOptionalPropertyTypes` pass `process.env.X` (string |
// undefined) and `{ ...options }` spreads straight into azfed's options; `?: T` alone refuses those.
//
// Walks each package's entry points (package.json `exports`, mapped from dist/ to src/), every symbol
// they export, and every interface, type alias and type literal those reach through type references
// inside the repository's sources; reports each optional property whose declared type does not
// include `undefined` (or `any`/`unknown`). Exits 1 with `file:line  Type.property: declared type` for
// each, 0 when there is none. Run by `pnpm lint`.
//
// Usage: node scripts/check-optional-undefined.mjs [entry.ts …]
//   Without arguments: every package's entry points. With files: only those (the test's fixtures).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const ts = createRequire(join(root, "package.json"))("typescript");

/** Each package's entry files in src/, from its package.json `exports` (`./dist/x.js` → `src/x.ts`). */
function packageEntries() {
  const entries = [];
  const packages = join(root, "packages");
  for (const name of readdirSync(packages).sort()) {
    const manifestPath = join(packages, name, "package.json");
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
    for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
      if (subpath === "./package.json") continue;
      const built = typeof target === "string" ? target : (target?.import?.default ?? target?.default);
      if (typeof built !== "string") continue;
      const stem = built.replace(/^\.\/dist\//, "").replace(/\.(c|m)?js$/, "");
      const candidates = [`src/${stem}.ts`, `src/${stem}/index.ts`].map((file) => join(packages, name, file));
      const found = candidates.find((file) => existsSync(file));
      if (!found) throw new Error(`${manifestPath}: no source for exports["${subpath}"] (${built})`);
      entries.push(found);
    }
  }
  return entries;
}

function compilerOptions() {
  const configPath = join(root, "tsconfig.json");
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  return ts.parseJsonConfigFileContent(config.config, ts.sys, root).options;
}

/** Whether a declaration is one of ours: the repository's sources, not a dependency's or the lib's. */
function isOurs(fileName) {
  return !fileName.includes("/node_modules/");
}

function acceptsUndefined(type) {
  const loose = ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.Undefined;
  if (type.flags & loose) return true;
  return type.isUnion() && type.types.some((member) => member.flags & ts.TypeFlags.Undefined);
}

/**
 * The optional properties in `entries`' exported types whose type refuses `undefined`.
 *
 * @param {readonly string[]} entries absolute paths of entry files
 * @returns {{ checked: number, findings: { file: string, line: number, owner: string, property: string, type: string }[] }}
 */
export function findOptionalWithoutUndefined(entries) {
  const program = ts.createProgram(entries, compilerOptions());
  const checker = program.getTypeChecker();
  const seen = new Set();
  const queue = [];
  const findings = [];
  let checked = 0;

  const enqueueSymbol = (symbol) => {
    let target = symbol;
    if (target.flags & ts.SymbolFlags.Alias) target = checker.getAliasedSymbol(target);
    for (const declaration of target.declarations ?? []) {
      if (seen.has(declaration) || !isOurs(declaration.getSourceFile().fileName)) continue;
      seen.add(declaration);
      queue.push(declaration);
    }
  };

  for (const entry of entries) {
    const source = program.getSourceFile(entry);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error(`${entry}: not a module`);
    for (const symbol of checker.getExportsOfModule(moduleSymbol)) enqueueSymbol(symbol);
  }

  const ownerName = (node) => {
    for (let at = node.parent; at; at = at.parent) {
      if (
        (ts.isInterfaceDeclaration(at) || ts.isTypeAliasDeclaration(at) || ts.isClassDeclaration(at)) &&
        at.name
      )
        return at.name.text;
      if (ts.isFunctionDeclaration(at) && at.name) return `${at.name.text}()`;
      if (ts.isVariableDeclaration(at) && ts.isIdentifier(at.name)) return at.name.text;
    }
    return "(anonymous)";
  };

  const visit = (node) => {
    if (ts.isPropertySignature(node) && node.questionToken) {
      checked += 1;
      const type = node.type ? checker.getTypeFromTypeNode(node.type) : undefined;
      if (!type || !acceptsUndefined(type)) {
        const source = node.getSourceFile();
        findings.push({
          file: relative(root, source.fileName),
          line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1,
          owner: ownerName(node),
          property: node.name.getText(),
          type: node.type ? node.type.getText() : "(no type)",
        });
      }
    }
    // Follow the types this one names (property types, `extends`, parameters of exported functions).
    if (ts.isTypeReferenceNode(node) || ts.isExpressionWithTypeArguments(node)) {
      const name = ts.isTypeReferenceNode(node) ? node.typeName : node.expression;
      const symbol = checker.getSymbolAtLocation(ts.isQualifiedName(name) ? name.right : name);
      if (symbol) enqueueSymbol(symbol);
    }
    // A class's own optional fields are read, not written by users: only its members' types are followed.
    ts.forEachChild(node, visit);
  };

  while (queue.length > 0) visit(queue.shift());
  findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  return { checked, findings };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const given = process.argv.slice(2).map((file) => resolve(file));
  const entries = given.length > 0 ? given : packageEntries();
  const { checked, findings } = findOptionalWithoutUndefined(entries);
  for (const { file, line, owner, property, type } of findings) {
    console.error(`${file}:${line}  ${owner}.${property}?: ${type}`);
  }
  if (findings.length > 0) {
    console.error(
      `\n${findings.length} optional propert${findings.length === 1 ? "y refuses" : "ies refuse"} undefined: write \`?: T | undefined\` (users with exactOptionalPropertyTypes pass process.env values and spreads).`,
    );
    process.exit(1);
  }
  console.log(
    `optional properties: all ${checked} accept undefined (${entries.length} entry points and the types they reach)`,
  );
}
