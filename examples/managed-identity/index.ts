/**
 * Azure managed identity: a workload in Azure acts as a (multi-tenant) app registration and uploads a
 * file to Azure Blob Storage in a customer's tenant, with no stored secret.
 *
 * The App Service app (or Function, Container App, VM) has a user-assigned managed identity; the app
 * registration trusts it with a federated credential (create-fic.sh). The app settings name the
 * provider and both identities: AZFED_PROVIDER=managed-identity, AZFED_MANAGED_IDENTITY_CLIENT_ID (the
 * identity), AZURE_CLIENT_ID (the app registration), AZURE_TENANT_ID (the customer's tenant, where the
 * app is provisioned), and AZURE_STORAGE_ACCOUNT_URL. App Service sets IDENTITY_ENDPOINT and
 * IDENTITY_HEADER itself; on a VM the identity's token comes from IMDS.
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
  const name = `managed-identity/${process.env.WEBSITE_SITE_NAME ?? "worker"}-${Date.now()}.txt`;
  const text = `Uploaded by ${process.env.WEBSITE_SITE_NAME ?? "a managed identity"} at ${new Date().toISOString()}`;
  await container.getBlockBlobClient(name).upload(text, Buffer.byteLength(text));
  console.log(`uploaded:  ${container.containerName}/${name}`);

  for await (const blob of container.listBlobsFlat({ prefix: "managed-identity/" })) {
    console.log(`listed:    ${blob.name} (${blob.properties.contentLength} bytes)`);
  }
} catch (error) {
  if (error instanceof AuthenticationError) {
    console.error(`Microsoft Entra refused the token exchange:\n${formatDiagnosis(error.diagnosis)}`);
    process.exit(1);
  }
  throw error;
}
