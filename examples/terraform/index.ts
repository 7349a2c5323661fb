/**
 * HCP Terraform: upload a file to Azure Blob Storage with no stored secret, from inside a plan or an
 * apply (an agent hook, a local-exec or external program).
 *
 * The workspace sets the environment variable TFC_WORKLOAD_IDENTITY_AUDIENCE=api://AzureADTokenExchange,
 * so each plan and apply has TFC_WORKLOAD_IDENTITY_TOKEN; AZURE_TENANT_ID, AZURE_CLIENT_ID and
 * AZURE_STORAGE_ACCOUNT_URL are workspace variables too, and @azfed/terraform is installed beside
 * @azfed/identity. create-fic.sh creates the two federated credentials (plan and apply).
 */
import { AuthenticationError, DefaultFederatedCredential, formatDiagnosis } from "@azfed/identity";
import { BlobServiceClient } from "@azure/storage-blob";

const accountUrl = process.env.AZURE_STORAGE_ACCOUNT_URL; // https://<account>.blob.core.windows.net
if (!accountUrl) throw new Error("Set AZURE_STORAGE_ACCOUNT_URL to the storage account's blob endpoint");

// Detected from TFC_WORKLOAD_IDENTITY_TOKEN: @azfed/identity imports @azfed/terraform only then.
const credential = new DefaultFederatedCredential();
try {
  const { provider, reason } = await credential.selection();
  console.log(`platform:  ${provider.name} (${reason})`);

  // The run's token cannot be refreshed: exchange it early. This call only shows the expiry (never
  // print the token); storage clients reuse this token from the cache (they ask with CAE enabled too).
  const token = await credential.getToken("https://storage.azure.com/.default", { enableCae: true });
  console.log(`token:     expires ${new Date(token.expiresOnTimestamp).toISOString()}`);

  const container = new BlobServiceClient(accountUrl, credential).getContainerClient("azfed-example");
  await container.createIfNotExists();
  const name = `terraform/${process.env.TFC_RUN_ID?.replace(/[^\w-]/g, "-") ?? Date.now()}.txt`;
  const text = `Uploaded by an HCP Terraform run at ${new Date().toISOString()}`;
  await container.getBlockBlobClient(name).upload(text, Buffer.byteLength(text));
  console.log(`uploaded:  ${container.containerName}/${name}`);

  for await (const blob of container.listBlobsFlat({ prefix: "terraform/" })) {
    console.log(`listed:    ${blob.name} (${blob.properties.contentLength} bytes)`);
  }
} catch (error) {
  if (error instanceof AuthenticationError) {
    console.error(`Microsoft Entra refused the token exchange:\n${formatDiagnosis(error.diagnosis)}`);
    process.exit(1);
  }
  throw error;
}
