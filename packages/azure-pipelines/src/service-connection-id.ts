/**
 * The variables that name the service connection, in the order they are read: Azure tasks
 * (AzureCLI@2, AzurePowerShell@5) set the first; Terraform's providers read the other two.
 *
 * @internal
 */
export const SERVICE_CONNECTION_ID_VARIABLES = [
  "AZURESUBSCRIPTION_SERVICE_CONNECTION_ID",
  "ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID",
  "ARM_OIDC_AZURE_SERVICE_CONNECTION_ID",
] as const;

/**
 * The service connection id set in the environment, and the variable it came from.
 *
 * @internal
 */
export function serviceConnectionIdFrom(
  env: NodeJS.ProcessEnv,
): { variable: string; value: string } | undefined {
  for (const variable of SERVICE_CONNECTION_ID_VARIABLES) {
    const value = env[variable];
    if (value) return { variable, value };
  }
  return undefined;
}
