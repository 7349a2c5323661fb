/**
 * Buildkite: upload a file to Azure Blob Storage with no stored secret.
 *
 * pipeline.yml runs this in a Buildkite job with AZURE_TENANT_ID, AZURE_CLIENT_ID and
 * AZURE_STORAGE_ACCOUNT_URL set and @azfed/buildkite installed beside @azfed/identity;
 * DefaultFederatedCredential detects the job (BUILDKITE=true) and asks the agent API for a token whose
 * subject is the pipeline's UUID. create-fic.sh creates the federated credential that lets the
 * pipeline in.
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
  const name = `buildkite/${process.env.BUILDKITE_BUILD_NUMBER ?? Date.now()}.txt`;
  const text = `Uploaded by ${process.env.BUILDKITE_PIPELINE_SLUG ?? "a Buildkite pipeline"} at ${new Date().toISOString()}`;
  await container.getBlockBlobClient(name).upload(text, Buffer.byteLength(text));
  console.log(`uploaded:  ${container.containerName}/${name}`);

  for await (const blob of container.listBlobsFlat({ prefix: "buildkite/" })) {
    console.log(`listed:    ${blob.name} (${blob.properties.contentLength} bytes)`);
  }
} catch (error) {
  if (error instanceof AuthenticationError) {
    console.error(`Microsoft Entra refused the token exchange:\n${formatDiagnosis(error.diagnosis)}`);
    process.exit(1);
  }
  throw error;
}
