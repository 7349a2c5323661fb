import type { FederatedIdentityCredential } from "@azfed/core";
import { renderAz } from "./az-format";
import { renderBicep } from "./bicep-format";
import type { FicFormat, FicTarget } from "./fic-target";
import { renderGraph } from "./graph-format";
import { renderJson } from "./json-format";
import { renderTerraform } from "./terraform-format";

/**
 * Renders a FIC in one of `azfed fic`'s formats for the given target. Throws a `UsageError` for a
 * combination the format cannot express (e.g. Bicep for an app registration).
 *
 * @example
 * ```ts
 * process.stdout.write(renderFic("bicep", fic, { kind: "managedIdentity", identityName: "deployer" }));
 * ```
 */
export function renderFic(format: FicFormat, fic: FederatedIdentityCredential, target: FicTarget): string {
  switch (format) {
    case "json":
      return renderJson(fic);
    case "az":
      return renderAz(fic, target);
    case "graph":
      return renderGraph(fic, target);
    case "bicep":
      return renderBicep(fic, target);
    case "terraform":
      return renderTerraform(fic, target);
  }
}
