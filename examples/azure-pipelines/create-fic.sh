#!/usr/bin/env sh
# Trusts the service connection `contoso-storage` of project `app` in organization `contoso` on an
# app registration (APP_ID, or a new one), and lets that app write blobs. Run once, signed in with `az login`.
#
# New service connections use the Entra issuer: Azure DevOps shows the exact issuer and subject on the
# connection's page ("Workload Identity federation details"). They have this shape:
#   issuer  https://login.microsoftonline.com/{tenantId}/v2.0
#   subject /eid1/c/pub/t/{tenant, base64url}/a/rISbSSETf0KqFyZ8ppdXmA/sc/{organizationId}/{serviceConnectionId}
# Older connections use issuer https://vstoken.dev.azure.com/{organizationId} and the subject below.
#
# The same credential from azfed:
#   npx @azfed/cli fic azure-pipelines --organization contoso --project app --service-connection contoso-storage \
#     --organization-id "$ORGANIZATION_ID" --app "$APP_ID" --format az
set -eu
ORGANIZATION_ID="${ORGANIZATION_ID:?set ORGANIZATION_ID to the Azure DevOps organization GUID}"
STORAGE_ACCOUNT_ID="${STORAGE_ACCOUNT_ID:?set STORAGE_ACCOUNT_ID to the storage account resource ID}"

# The app registration the job signs in as: APP_ID names an existing one; without it, one is created.
if [ -z "${APP_ID:-}" ]; then
  APP_ID="$(az ad app create --display-name azure-pipelines-contoso-app --query appId --output tsv)"
  echo "created the app registration azure-pipelines-contoso-app: APP_ID=$APP_ID (set AZURE_CLIENT_ID to it)"
fi

az ad app federated-credential create --id "$APP_ID" --parameters "{
  \"name\": \"azure-pipelines-contoso-app-contoso-storage\",
  \"issuer\": \"https://vstoken.dev.azure.com/$ORGANIZATION_ID\",
  \"subject\": \"sc://contoso/app/contoso-storage\",
  \"audiences\": [\"api://AzureADTokenExchange\"],
  \"description\": \"Azure Pipelines service connection contoso-storage in contoso/app (Azure DevOps issuer)\"
}"

PRINCIPAL_ID="$(az ad sp show --id "$APP_ID" --query id --output tsv 2>/dev/null ||
  az ad sp create --id "$APP_ID" --query id --output tsv)"
# By object id and principal type: this works before a new service principal has replicated.
az role assignment create --assignee-object-id "$PRINCIPAL_ID" --assignee-principal-type ServicePrincipal \
  --role "Storage Blob Data Contributor" --scope "$STORAGE_ACCOUNT_ID"
