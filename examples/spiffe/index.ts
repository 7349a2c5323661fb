/**
 * SPIFFE/SPIRE: upload a file to Azure Blob Storage with no stored secret.
 *
 * Runs in a workload the SPIRE agent attests (a registration entry gives it its SPIFFE ID), with
 * SPIFFE_ENDPOINT_SOCKET naming the agent's Workload API socket, AZURE_TENANT_ID, AZURE_CLIENT_ID and
 * AZURE_STORAGE_ACCOUNT_URL set, and @azfed/spiffe installed beside @azfed/identity. The federated
 * credential's issuer is the SPIRE OIDC discovery provider, its subject the SPIFFE ID
 * (npx @azfed/cli fic spiffe --issuer <url> --spiffe-id <id> --format az --app <app-id>).
 */
import { AuthenticationError, DefaultFederatedCredential, formatDiagnosis } from "@azfed/identity";
import { BlobServiceClient } from "@azure/storage-blob";

const accountUrl = process.env.AZURE_STORAGE_ACCOUNT_URL; // https://<account>.blob.core.windows.net
if (!accountUrl) throw new Error("Set AZURE_STORAGE_ACCOUNT_URL to the storage account's blob endpoint");

// Detected by SPIFFE_ENDPOINT_SOCKET: a JWT-SVID is fetched from the Workload API at each exchange.
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
  const name = `spiffe/${process.env.HOSTNAME ?? Date.now()}.txt`;
  const text = `Uploaded by ${process.env.HOSTNAME ?? "a SPIFFE workload"} at ${new Date().toISOString()}`;
  await container.getBlockBlobClient(name).upload(text, Buffer.byteLength(text));
  console.log(`uploaded:  ${container.containerName}/${name}`);

  for await (const blob of container.listBlobsFlat({ prefix: "spiffe/" })) {
    console.log(`listed:    ${blob.name} (${blob.properties.contentLength} bytes)`);
  }
} catch (error) {
  if (error instanceof AuthenticationError) {
    console.error(`Microsoft Entra refused the token exchange:\n${formatDiagnosis(error.diagnosis)}`);
    process.exit(1);
  }
  throw error;
}
