import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { type TerminalStyle, terminalStyle } from "@azfed/cli";
import {
  type AssertionClaims,
  type FederatedIdentityCredential,
  matchFederatedCredential,
} from "@azfed/identity";
import {
  type EntraEmulator,
  type RecordedRequest,
  type RunningAzurite,
  startAzurite,
  startEntraEmulator,
  type TestCertificateAuthority,
  testCertificateAuthority,
} from "@azfed/testing";
import type { DemoPlatform } from "./platforms";
import { type ExampleRun, runExample } from "./run-example";
import { startScenario } from "./scenarios/index";

const EXAMPLES_DIRECTORY = fileURLToPath(new URL("../", import.meta.url));

/**
 * What {@link runDemo} does and where it writes.
 *
 * @example
 * ```ts
 * const options: DemoOptions = { platform: "gitlab", print: (line) => console.log(line) };
 * ```
 */
export interface DemoOptions {
  readonly platform: DemoPlatform;
  /** Receives each line of the report. */
  readonly print: (line: string) => void;
  /** Colours for headings, successes and problems. Default: none. */
  readonly style?: TerminalStyle;
  /**
   * The CPU time one example run may use (on Linux; elsewhere, and for a run that waits without
   * working, the clock: see `limitChildWork` of `@azfed/testing`). Default 20 s.
   */
  readonly exampleTimeoutMs?: number;
  /**
   * Services to use instead of starting (and stopping) new ones, so several platforms can share one
   * Entra emulator and one Azurite.
   */
  readonly services?: DemoServices;
}

/**
 * The services every platform's run shares.
 *
 * @example
 * ```ts
 * const services: DemoServices = { ca, entra: await startEntraEmulator({ ca }), azurite: await startAzurite({ ca }) };
 * ```
 */
export interface DemoServices {
  readonly ca: TestCertificateAuthority;
  readonly entra: EntraEmulator;
  readonly azurite: RunningAzurite;
}

/**
 * How the demo went: `ok` when both runs did what they should (the first uploads and lists a blob,
 * the second is refused and explained), with what went wrong otherwise.
 *
 * @example
 * ```ts
 * const result = await runDemo({ platform: "kubernetes", print: console.log });
 * process.exitCode = result.ok ? 0 : 1;
 * ```
 */
export interface DemoResult {
  readonly ok: boolean;
  readonly problems: readonly string[];
  readonly durationMs: number;
  /** The process ids the demo started (Azurite), all stopped when it returns. */
  readonly startedPids: readonly number[];
  /** The app the first run signed in as, and the one whose credential does not match. */
  readonly clientIds?: { readonly matching: string; readonly mismatched: string };
  /** The blob the first run uploaded, as `container/name`. */
  readonly uploadedBlob?: string;
}

/**
 * The demo: starts an emulated Microsoft Entra ID, Azurite and the platform's token service on
 * 127.0.0.1, registers an app whose federated identity credential trusts the platform's job, runs
 * `examples/<platform>/index.ts` as that job (platform detected, token expiry, blob uploaded and
 * listed), shows the subject Entra saw and the credential it matched, then runs the same job against
 * an app whose credential deliberately does not match and shows azfed's diagnosis. Stops everything
 * it started before returning.
 *
 * @example
 * ```ts
 * const { ok } = await runDemo({ platform: "github-actions", print: (line) => console.log(line) });
 * ```
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const started = Date.now();
  const { print } = options;
  const style = options.style ?? terminalStyle(false);
  const problems: string[] = [];
  const cleanups: { name: string; close: () => Promise<void> }[] = [];
  const startedPids: number[] = [];
  const tenantId = randomUUID();
  const clientId = randomUUID();
  const mismatchedClientId = randomUUID();
  let uploadedBlob: string | undefined;

  try {
    let services = options.services;
    if (!services) {
      const ca = await testCertificateAuthority();
      const [entra, azurite] = await Promise.all([
        startEntraEmulator({ ca }),
        startAzurite({ ca, resolveFrom: EXAMPLES_DIRECTORY }),
      ]);
      cleanups.push({ name: "Entra emulator", close: () => entra.close() });
      cleanups.push({ name: `Azurite (pid ${azurite.pid})`, close: () => azurite.close() });
      startedPids.push(azurite.pid);
      services = { ca, entra, azurite };
    }
    const { ca, entra, azurite } = services;

    const scenario = await startScenario(options.platform, { ca, entra, tenantId, clientId });
    cleanups.push({ name: `${scenario.title} emulator`, close: () => scenario.close() });
    // A multi-tenant app of another home tenant, provisioned in the tenant asked (managed identity),
    // or an app of the tenant asked.
    const home = scenario.application;
    const registration = home
      ? { tenantId: home.homeTenantId, multiTenant: true, provisionedIn: [...home.provisionedIn] }
      : { tenantId };
    entra.addApplication({ clientId, ...registration, federatedCredentials: [toRecord(scenario.fic)] });
    entra.addApplication({
      clientId: mismatchedClientId,
      ...registration,
      federatedCredentials: [toRecord(scenario.mismatchedFic)],
    });

    print(`azfed demo: ${scenario.title} → Microsoft Entra ID → Azure Blob Storage, with no stored secret.`);
    print("Everything runs on 127.0.0.1, emulated; nothing leaves this machine.");
    print("");
    print(style.bold("Started"));
    printTable(print, [
      ["Microsoft Entra ID (emulator)", entra.url],
      ["Azure Blob Storage (Azurite)", azurite.accountUrl],
      ...scenario.services.map((service) => [service.name, service.url] as [string, string]),
    ]);
    if (home) {
      print(
        `  App ${clientId}, multi-tenant, of home tenant ${home.homeTenantId}, provisioned in tenant ${tenantId} where the ${scenario.workload} asks for tokens,`,
      );
      print(`  trusts, by federated credential "${scenario.fic.name}":`);
    } else {
      print(
        `  App ${clientId} in tenant ${tenantId} trusts, by federated credential "${scenario.fic.name}":`,
      );
    }
    printFic(print, scenario.fic, "    ");
    print("");

    const jobEnv = {
      AZURE_AUTHORITY_HOST: entra.url,
      ...scenario.env,
      AZURE_STORAGE_ACCOUNT_URL: azurite.accountUrl,
      NODE_EXTRA_CA_CERTS: ca.certificatePath,
    };
    const timeoutMs = options.exampleTimeoutMs ?? 20_000;

    // Both runs are independent processes: they run at once, and are reported one after the other.
    const [first, second] = await Promise.all([
      runExample(options.platform, jobEnv, { timeoutMs }),
      runExample(options.platform, { ...jobEnv, AZURE_CLIENT_ID: mismatchedClientId }, { timeoutMs }),
    ]);

    print(style.bold(`Run 1: examples/${options.platform}/index.ts in ${scenario.runsIn}`));
    printOutput(print, first);
    const exchange = lastTokenRequest(entra.requests, clientId);
    const claims = exchange?.assertionClaims;
    if (claims) {
      print(`  Entra saw   issuer   ${String(claims.iss)}`);
      print(`              subject  ${String(claims.sub)}`);
      print(`              audience ${[claims.aud ?? []].flat().join(", ")}`);
      const match = matchFederatedCredential(toAssertionClaims(claims), [scenario.fic]);
      if (match.matched) print(`  Matched     federated credential "${match.matched.name}"`);
      else problems.push("the presented token does not match the registered federated credential");
    } else {
      problems.push("Entra received no token request from the first run");
    }
    const uploadedMatch = /^uploaded:\s+([^/\s]+)\/(\S+)$/m.exec(first.stdout);
    const uploaded = uploadedMatch?.[2];
    if (uploadedMatch) uploadedBlob = `${uploadedMatch[1]}/${uploadedMatch[2]}`;
    if (first.exitCode !== 0) problems.push(`run 1 exited with ${describeExit(first)}`);
    else if (!uploaded) problems.push("run 1 did not report an uploaded blob");
    else if (!new RegExp(`^listed:\\s+${escapeRegExp(uploaded)} `, "m").test(first.stdout)) {
      problems.push(`run 1 did not list the blob it uploaded (${uploaded})`);
    } else if (exchange?.status !== 200) {
      problems.push(`Entra answered the first run's token request with ${exchange?.status}`);
    } else {
      print(style.green(`  OK: token exchanged, blob uploaded and listed (${seconds(first.durationMs)})`));
    }
    print("");

    print(
      style.bold(
        `Run 2: the same ${scenario.workload}, as app ${mismatchedClientId}, whose federated credential "${scenario.mismatchedFic.name}" ${scenario.mismatch}`,
      ),
    );
    printFic(print, scenario.mismatchedFic, "    ");
    printOutput(print, second);
    const refusal = lastTokenRequest(entra.requests, mismatchedClientId);
    if (refusal?.assertionClaims) {
      // What the job cannot know but the demo does: the app's credential, compared field by field.
      const comparison = matchFederatedCredential(toAssertionClaims(refusal.assertionClaims), [
        scenario.mismatchedFic,
      ]);
      if (!comparison.matched && comparison.differences.length > 0) {
        print(`  Compared with "${scenario.mismatchedFic.name}":`);
        for (const difference of comparison.differences) {
          print(
            `    ${difference.field.padEnd(9)} token has "${difference.presented}", credential has "${difference.expected}"${difference.hint ? ` (${difference.hint})` : ""}`,
          );
        }
      }
    }
    if (second.exitCode !== 1)
      problems.push(`run 2 exited with ${describeExit(second)}; expected 1 (refused)`);
    else if (!refusal?.errorCode) problems.push("Entra did not refuse the second run's token request");
    else if (!/refused the token exchange/.test(second.stderr)) problems.push("run 2 printed no diagnosis");
    else if (createsTakenName(second.stderr, scenario.mismatchedFic.name)) {
      // Issue 19: the fix must run as printed; Graph refuses a create under a name already taken.
      problems.push(
        `run 2's fix creates a credential named "${scenario.mismatchedFic.name}", which the app already has`,
      );
    } else
      print(
        style.green(
          `  OK: Entra refused with AADSTS${refusal.errorCode}, and azfed said why and how to fix it`,
        ),
      );
  } catch (error) {
    problems.push(error instanceof Error ? (error.stack ?? error.message) : String(error));
  } finally {
    const stopped: string[] = [];
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup.close();
        stopped.push(cleanup.name);
      } catch (error) {
        problems.push(
          `could not stop ${cleanup.name}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    print("");
    if (stopped.length > 0) print(`Stopped ${stopped.join(", ")}.`);
  }

  const durationMs = Date.now() - started;
  if (problems.length === 0) print(style.green(`Done in ${seconds(durationMs)}.`));
  else for (const problem of problems) print(style.red(`PROBLEM: ${problem}`));
  return {
    ok: problems.length === 0,
    problems,
    durationMs,
    startedPids,
    clientIds: { matching: clientId, mismatched: mismatchedClientId },
    ...(uploadedBlob ? { uploadedBlob } : {}),
  };
}

function toRecord(fic: FederatedIdentityCredential) {
  return {
    name: fic.name,
    issuer: fic.issuer,
    ...(fic.subject !== undefined ? { subject: fic.subject } : {}),
    ...(fic.claimsMatchingExpression ? { claimsMatchingExpression: fic.claimsMatchingExpression } : {}),
    audiences: [...fic.audiences],
    ...(fic.description !== undefined ? { description: fic.description } : {}),
  };
}

function lastTokenRequest(
  requests: readonly RecordedRequest[],
  clientId: string,
): RecordedRequest | undefined {
  return requests
    .filter((request) => request.endpoint === "token" && request.form.client_id === clientId)
    .at(-1);
}

function toAssertionClaims(claims: NonNullable<RecordedRequest["assertionClaims"]>): AssertionClaims {
  return { ...claims, iss: String(claims.iss), sub: String(claims.sub), aud: claims.aud ?? [] };
}

function printTable(print: (line: string) => void, rows: readonly (readonly [string, string])[]): void {
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value] of rows) print(`  ${label.padEnd(width)}  ${value}`);
}

function printFic(print: (line: string) => void, fic: FederatedIdentityCredential, indent: string): void {
  print(`${indent}issuer    ${fic.issuer}`);
  print(`${indent}subject   ${fic.subject ?? fic.claimsMatchingExpression?.value ?? ""}`);
  print(`${indent}audience  ${fic.audiences.join(", ")}`);
}

function printOutput(print: (line: string) => void, run: ExampleRun): void {
  const text = `${run.stdout}${run.stderr}`.trimEnd();
  for (const line of text.split("\n")) print(`  │ ${line}`);
}

function describeExit(run: ExampleRun): string {
  if (run.timedOut) return "no result: it was killed after the time limit";
  return run.signal ? `signal ${run.signal}` : `code ${run.exitCode}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Whether `output` tells the user to create a credential under `name`, which is already taken. */
function createsTakenName(output: string, name: string): boolean {
  return output
    .split("\n")
    .some(
      (line) =>
        /federated-credential create /.test(line) &&
        (line.includes(`"name":"${name}"`) || line.includes(`--name ${name} `)),
    );
}
