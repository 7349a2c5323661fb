import { cloudForExchangeAudience, cloudLabel, DEFAULT_EXCHANGE_AUDIENCE, KNOWN_CLOUDS } from "../clouds";
import type { AssertionClaims } from "../fic/decode-assertion";
import { matchFederatedCredential } from "../fic/match-federated-credential";
import { isAksIssuer } from "../platform/kubernetes-platform";
import { parseIssuer } from "../platform/platforms";
import { shellQuote } from "../shell-quote";
import { credentialFix } from "./credential-fix";
import { addCredentialCommands, type Draft, REPLICATION_CAUSE, suggestCredential } from "./diagnosis-draft";
import type { Facts } from "./diagnosis-facts";

/** Explains AADSTS70021 and its narrower forms (700211 issuer, 700212 audience, 700213/7002137 subject, 7002138 letter case). */
export function diagnoseNoMatch(facts: Facts, code: number, draft: Draft): void {
  const { context } = facts;
  const issuer = facts.issuer ?? "(unknown issuer)";
  const subject = facts.subject ?? "(unknown subject)";
  const audience = facts.audiences.join(", ") || "(unknown audience)";
  const on = `on client id ${context.clientId}`;
  if (code === 700211) {
    draft.summary = `No federated identity credential ${on} has the token's issuer ${JSON.stringify(issuer)}: Entra did not match the issuer.`;
  } else if (code === 700212) {
    draft.summary = `No federated identity credential ${on} has the token's audience ${JSON.stringify(audience)}: Entra did not match the audience.`;
  } else if (code === 700213 || code === 7002137) {
    draft.summary = `No federated identity credential ${on} has the token's subject ${JSON.stringify(subject)}: Entra did not match the subject.`;
  } else if (code === 7002138) {
    draft.summary = `A federated identity credential ${on} has the token's subject ${JSON.stringify(subject)} in different letter case: Entra matches subjects case-sensitively, so the subject did not match.`;
  } else {
    draft.summary = `No federated identity credential ${on} matches the token: Entra compares issuer, subject and audience exactly, and at least one of them differs.`;
  }

  const checkIssuer = code === 70021 || code === 700211;
  // 7002138 (letter case only) has its own cause above; the subject causes would add nothing to it.
  const checkSubject = code === 70021 || code === 700213 || code === 7002137;
  const checkAudience = code === 70021 || code === 700212;

  if (context.federatedCredentials) explainAgainstCredentials(facts, draft);
  if (code === 7002138) {
    draft.likelyCauses.push(
      `The credential's subject differs from ${JSON.stringify(subject)} only in letter case (for example the owner, repository or environment name written in another case). Entra compares subjects case-sensitively.`,
    );
  }
  const expectedSubject = facts.quoted.expectedSubject;
  if (expectedSubject !== undefined && facts.subject !== undefined && expectedSubject !== facts.subject) {
    draft.likelyCauses.push(
      `Entra expects the subject ${JSON.stringify(expectedSubject)}; the token has ${JSON.stringify(facts.subject)}${expectedSubject.toLowerCase() === facts.subject.toLowerCase() ? " (they differ only in letter case)" : ""}.`,
    );
  }
  if (checkIssuer && facts.issuer !== undefined)
    draft.likelyCauses.push(...issuerCauses(facts.issuer, facts));
  if (checkSubject && facts.subject !== undefined && facts.issuer !== undefined) {
    draft.likelyCauses.push(...subjectCauses(facts.subject, facts));
  }
  if (checkAudience) draft.likelyCauses.push(...audienceCauses(facts, code));
  draft.likelyCauses.push(
    `The credential was created on another app registration or managed identity than client id ${context.clientId}, or in another tenant than ${context.tenantId}.`,
    REPLICATION_CAUSE,
  );

  if (facts.issuer !== undefined && facts.subject !== undefined) {
    const fix = credentialFix({
      suggested: suggestCredential(facts),
      token: { issuer: facts.issuer, subject: facts.subject },
      code,
      federatedCredentials: context.federatedCredentials,
      namePredictable: facts.platform !== undefined,
    });
    const fic = fix.credential;
    draft.suggestedCredential = fic;
    const exactly = `issuer ${JSON.stringify(fic.issuer)}, subject ${JSON.stringify(fic.subject)} and audience ${JSON.stringify(fic.audiences[0])}`;
    if (fix.action === "update") {
      const which =
        fix.nameFrom === "list"
          ? `the credential ${JSON.stringify(fic.name)}`
          : fix.nameFrom === "predicted"
            ? `the credential ${JSON.stringify(fic.name)} (the name azfed gives a credential for this subject; if yours has another, use that)`
            : "the credential that has this issuer and subject";
      draft.fix.push(
        `Correct ${which} on client id ${context.clientId} to exactly ${exactly}${code === 7002138 ? " (letter case included)" : ""}; a second credential with the same ${fix.nameFrom === "predicted" ? "name" : "issuer and subject"} cannot be added.`,
      );
      addCredentialCommands(fic, facts, "update", draft);
    } else {
      draft.fix.push(
        `Create a federated identity credential on client id ${context.clientId} with exactly ${exactly}.`,
      );
      addCredentialCommands(fic, facts, "create", draft);
    }
  } else {
    draft.fix.push(
      `Compare the credentials on client id ${context.clientId} with the token's issuer, subject and audience (run \`azfed doctor\` where the workload runs to see them).`,
    );
  }
  if (!facts.audiences.includes(facts.expectedAudience) && facts.audiences.length > 0) {
    draft.fix.push(
      `Make the platform issue the token for audience ${JSON.stringify(facts.expectedAudience)} (GitLab: \`id_tokens: <NAME>: aud:\`; Kubernetes: the projected token's audience; GitHub and Azure Pipelines: azfed asks for it) or give the credential the token's audience.`,
    );
  }
  if (code === 700212) draft.fix.push(audienceFix(facts));
  draft.fix.push("If the credential was created in the last few minutes, wait a few minutes and retry.");
  draft.commands.push(`az ad app federated-credential list --id ${shellQuote(context.clientId)}`);
}

/** With the identity's credentials supplied: the one that matches, or the nearest and how it differs. */
export function explainAgainstCredentials(facts: Facts, draft: Draft): void {
  const credentials = facts.context.federatedCredentials ?? [];
  if (facts.issuer === undefined || facts.subject === undefined || facts.audiences.length === 0) return;
  const claims: AssertionClaims = facts.claims ?? {
    iss: facts.issuer,
    sub: facts.subject,
    aud: [...facts.audiences],
  };
  const result = matchFederatedCredential(claims, credentials);
  if (credentials.length === 0) {
    draft.likelyCauses.push(
      `The identity has no federated identity credentials at all (the list given is empty).`,
    );
  } else if (result.matched) {
    draft.likelyCauses.push(
      `The credential ${JSON.stringify(result.matched.name)} matches this token, so Entra has not seen it yet (created minutes ago and still replicating) or it belongs to another app or tenant than the request used.`,
    );
  } else if (result.nearest) {
    for (const difference of result.differences) {
      draft.likelyCauses.push(
        `The nearest credential, ${JSON.stringify(result.nearest.name)}, expects ${difference.field} ${JSON.stringify(difference.expected)}; the token has ${JSON.stringify(difference.presented)}${difference.hint ? `: ${difference.hint}` : ""}.`,
      );
    }
  }
}

function issuerCauses(issuer: string, facts: Facts): string[] {
  const causes: string[] = [];
  if (isAksIssuer(issuer)) {
    causes.push(
      issuer.endsWith("/")
        ? `The cluster's issuer ends with a slash (${JSON.stringify(issuer)}); a credential whose issuer lacks the trailing slash does not match. This is the most common cause on AKS.`
        : `The token's AKS issuer has no trailing slash; the credential's issuer must be written exactly as ${JSON.stringify(issuer)}.`,
    );
  } else if (issuer !== issuer.replace(/(?<!\/)\/+$/, "")) {
    causes.push(`The token's issuer ends with a slash; the credential's issuer must end with one too.`);
  } else {
    causes.push(
      `The credential's issuer must be exactly ${JSON.stringify(issuer)}: no trailing slash, same letter case, no surrounding spaces.`,
    );
  }
  causes.push(...(facts.platform?.issuerCauses?.(parseIssuer(issuer)) ?? []));
  return causes;
}

function subjectCauses(subject: string, facts: Facts): string[] {
  const causes: string[] = [];
  const platform = facts.platform;
  if (subject !== subject.toLowerCase()) {
    causes.push(
      `The subject has capital letters; a credential whose subject differs only in letter case does not match (Entra compares case-sensitively).`,
    );
  }
  causes.push(...(platform?.subjectCauses?.(subject) ?? []));
  return causes;
}

function audienceCauses(facts: Facts, code: number): string[] {
  const causes: string[] = [];
  const expected = facts.expectedAudience;
  if (facts.audiences.length === 0) return causes;
  const presentedCloud = facts.audiences.map(cloudForExchangeAudience).find((cloud) => cloud !== undefined);
  if (facts.audiences.includes(expected)) {
    if (code === 700212) {
      causes.push(
        `The token has the audience ${JSON.stringify(expected)}, so the credentials must have another; set the credential's audience to exactly ${JSON.stringify(expected)}.`,
        `Two audiences are easy to confuse: tokens of external issuers (GitHub, GitLab, Kubernetes, Google, Azure DevOps' vstoken issuer) carry ${JSON.stringify(DEFAULT_EXCHANGE_AUDIENCE)} in every cloud, while the cloud-specific ones (${Object.values(
          KNOWN_CLOUDS,
        )
          .filter((cloud) => cloud.name !== "public")
          .map((cloud) => JSON.stringify(cloud.exchangeAudience))
          .join(
            ", ",
          )}) belong to tokens Entra itself issues (a managed identity as the assertion). A credential with a cloud-specific audience matches only those.`,
      );
    }
  } else if (presentedCloud && facts.cloud && presentedCloud.name !== facts.cloud.name) {
    causes.push(
      `The token carries the audience of the ${cloudLabel(presentedCloud.name)} cloud, but the request went to the ${cloudLabel(facts.cloud.name)} cloud (${facts.context.authorityHost}), whose exchange audience is ${JSON.stringify(expected)}.`,
    );
  } else {
    causes.push(
      `The token was issued for ${facts.audiences.map((aud) => JSON.stringify(aud)).join(", ")}, not for ${JSON.stringify(expected)}; the credential's audience must equal the token's exactly.`,
    );
  }
  if (!facts.audiences.includes(facts.context.audience)) {
    causes.push(
      `azfed asked the platform for audience ${JSON.stringify(facts.context.audience)} but the token carries ${facts.audiences.map((aud) => JSON.stringify(aud)).join(", ")}: the platform fixes the audience itself (GitLab's id_tokens aud, a Kubernetes projected token's audience).`,
    );
  }
  return causes;
}

/**
 * AADSTS700212's two ways out, as one step: ask for the credential's audience, or give the
 * credential the token's. Two conventions exist for an external issuer's token: `api://AzureADTokenExchange`
 * in every cloud (azure/login, the AKS webhook), and the cloud's own audience (`…USGov`, `…China`), which
 * the Entra portal gives a new credential in those clouds and Microsoft's SDKs derive from the authority.
 *
 * @see https://github.com/Azure/login/issues/452 (read 2026-12-07)
 * @see gitlabhq/gitlabhq doc/ci/cloud_services/azure/_index.md, "No matching federated identity record
 *   found for presented assertion audience message" (commit 1dfe61a9c1fe11a451cb24439a212b9c6df9f209)
 */
function audienceFix(facts: Facts): string {
  const presented = facts.audiences.map((aud) => JSON.stringify(aud)).join(", ") || "the token's audience";
  const sovereign = Object.values(KNOWN_CLOUDS)
    .filter((cloud) => cloud.name !== "public")
    .map((cloud) => JSON.stringify(cloud.exchangeAudience))
    .join(", ");
  return `Make the two audiences equal, one way or the other: request the credential's audience (azfed's \`audience\` option; GitLab: \`id_tokens: <NAME>: aud:\`; Kubernetes: the projected token's audience), or change the credential's audience to ${presented}. Both conventions are in use: ${JSON.stringify(DEFAULT_EXCHANGE_AUDIENCE)} in every cloud (azure/login, the AKS webhook) and the cloud's own (${sovereign}), which the Entra portal gives new credentials in those clouds; check which one the credential has (\`az ad app federated-credential list\`).`;
}
