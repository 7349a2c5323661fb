/**
 * Spacelift: upload a file to Azure Blob Storage with no stored secret.
 *
 * Runs inside a Spacelift run (a hook or the run's tool) of a paid account, with AZURE_TENANT_ID,
 * AZURE_CLIENT_ID and AZURE_STORAGE_ACCOUNT_URL set on the stack and @azfed/oidc-token installed
 * beside @azfed/identity; create-fic.sh creates the federated credentials that let the stack's runs in
 * (one per run type and scope). DefaultFederatedCredential detects SPACELIFT_OIDC_TOKEN.
 */
import { AuthenticationError, DefaultFederatedCredential, formatDiagnosis } from "@azfed/identity";
import { BlobServiceClient } from "@azure/storage-blob";

const accountUrl = process.env.AZURE_STORAGE_ACCOUNT_URL; // https://<account>.blob.core.windows.net
if (!accountUrl) throw new Error("Set AZURE_STORAGE_ACCOUNT_URL to the storage account's blob endpoint");

const credential = new DefaultFederatedCredential();
try {
  const { provider, reason } = await credential.selection();
  console.log(`platform:  ${provider.name} (${reason})`);

  // Azure SDK clients ask the credential for tokens themselves; this call only shows the expiry (never
  // print the token). It asks as storage clients do (CAE enabled), so they reuse this token from the cache.
  const token = await credential.getToken("https://storage.azure.com/.default", { enableCae: true });
  console.log(`token:     expires ${new Date(token.expiresOnTimestamp).toISOString()}`);

  const container = new BlobServiceClient(accountUrl, credential).getContainerClient("azfed-example");
  await container.createIfNotExists();
  const name = `spacelift/${process.env.TF_VAR_spacelift_run_id ?? Date.now()}.txt`;
  const text = `Uploaded by ${process.env.TF_VAR_spacelift_stack_id ?? "a Spacelift stack"} at ${new Date().toISOString()}`;
  await container.getBlockBlobClient(name).upload(text, Buffer.byteLength(text));
  console.log(`uploaded:  ${container.containerName}/${name}`);

  for await (const blob of container.listBlobsFlat({ prefix: "spacelift/" })) {
    console.log(`listed:    ${blob.name} (${blob.properties.contentLength} bytes)`);
  }
} catch (error) {
  if (error instanceof AuthenticationError) {
    console.error(`Microsoft Entra refused the token exchange:\n${formatDiagnosis(error.diagnosis)}`);
    process.exit(1);
  }
  throw error;
}
