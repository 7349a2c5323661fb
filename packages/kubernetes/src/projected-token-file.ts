import { type Clock, TokenFile } from "@azfed/core/provider";
import { KubernetesTokenFileError } from "./kubernetes-token-file-error";

/**
 * The projected service-account token file, read through core's one token-file reader
 * (`TokenFile`: rotation-safe, bounded, checked); this file holds only Kubernetes' words: who writes
 * the token, which setting names it, what to check.
 *
 * @see Kubernetes API, core/v1 `ServiceAccountTokenProjection.expirationSeconds` (the field's doc text,
 *   as generated into the API clients, e.g. pub.dev kubernetes 1.26.0+5; version: as served; checked
 *   2026-12-07): "The kubelet will start trying to rotate the token if the token is older than 80
 *   percent of its time to live or if the token is older than 24 hours"
 * @internal
 */
export function projectedTokenFile(clock: Clock): TokenFile {
  return new TokenFile(
    {
      provider: "kubernetes",
      token: "the projected service-account token",
      writer: "kubelet",
      setting: "AZURE_FEDERATED_TOKEN_FILE (or tokenFilePath)",
      whenMissing:
        'the Azure Workload Identity webhook mounts it in pods labelled azure.workload.identity/use: "true", so check the label, the pod\'s projected volume and AZURE_FEDERATED_TOKEN_FILE',
      whenExpired:
        "kubelet rewrites projected tokens at 80% of their lifetime, so check that the pod's projected volume is mounted and kubelet is healthy",
      whenNoPermission: "(e.g. with the pod's securityContext.fsGroup)",
      whenOtherAudience: (audience) =>
        `set the projected volume's audience, or the credential's audience option, to ${audience}`,
      error: (problem, message, cause, place) =>
        new KubernetesTokenFileError({ path: place.name, problem, message, cause }),
    },
    clock,
  );
}
