import type { CommandContext } from "../command-context";
import { ExitCode, type ExitCodeValue } from "../exit-code";
import { jsonReport, PROBLEM_FOUND } from "../json-error";
import { checkIssuer, type IssuerPreflightOptions } from "./issuer-preflight";

/**
 * `azfed doctor --issuer <url>`: runs {@link checkIssuer} and prints one line per check (or the
 * findings as JSON); exits 1 when Entra cannot use the issuer. Every outside value in a line was
 * escaped and shortened by the check.
 *
 * @example
 * ```ts
 * context.exitCode = await doctorIssuer("https://gitlab.example.com", { json: false }, context);
 * ```
 */
export async function doctorIssuer(
  issuer: string,
  options: { readonly json?: boolean | undefined } & IssuerPreflightOptions,
  context: CommandContext,
): Promise<ExitCodeValue> {
  const findings = await checkIssuer(issuer, options);
  const problems = findings.filter((finding) => finding.ok === false);
  if (options.json) {
    context.print(
      jsonReport(
        { issuer: findings[0]?.ok === false ? undefined : issuer, findings, problems: problems.length },
        problems.length === 0
          ? undefined
          : {
              type: PROBLEM_FOUND,
              message: problems.map((finding) => finding.message).join("; "),
              exitCode: ExitCode.problemFound,
            },
      ),
    );
  } else {
    const { out } = context;
    context.print(
      `${out.bold("Issuer")} ${out.dim("(what Microsoft Entra fetches before it trusts a token)")}`,
    );
    for (const finding of findings) {
      const mark =
        finding.ok === true ? out.green("✓") : finding.ok === "warning" ? out.yellow("!") : out.red("✗");
      context.print(`  ${mark} ${finding.message}`);
    }
    context.print(
      problems.length === 0
        ? `  ${out.dim("Entra fetches these from the internet: an issuer reachable only inside your network is refused with AADSTS50166 / 501661 even when this check passes here.")}`
        : `  ${out.dim(`${problems.length} problem${problems.length === 1 ? "" : "s"}: Entra refuses tokens of this issuer until ${problems.length === 1 ? "it is" : "they are"} fixed (AADSTS50166 / 501661 when it cannot fetch the document or keys).`)}`,
    );
  }
  return problems.length === 0 ? ExitCode.success : ExitCode.problemFound;
}
