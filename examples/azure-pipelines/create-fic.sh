#!/usr/bin/env sh
# Trusts the service connection `contoso-storage` of project `app` in organization `contoso` on the
# app registration APP_ID, and lets that app write blobs. Run once, signed in with `az login`.
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
APP_ID="${APP_ID:?set APP_ID to the Application (client) ID of the app registration}"
ORGANIZATION_ID="${ORGANIZATION_ID:?set ORGANIZATION_ID to the Azure DevOps organization GUID}"
STORAGE_ACCOUNT_ID="${STORAGE_ACCOUNT_ID:?set STORAGE_ACCOUNT_ID to the storage account resource ID}"

az ad app federated-credential create --id "$APP_ID" --parameters "{
  \"name\": \"azure-pipelines-contoso-app-contoso-storage\",
  \"issuer\": \"https://vstoken.dev.azure.com/$ORGANIZATION_ID\",
  \"subject\": \"sc://contoso/app/contoso-storage\",
  \"audiences\": [\"api://AzureADTokenExchange\"],
  \"description\": \"Azure Pipelines service connection contoso-storage in contoso/app (Azure DevOps issuer)\"
}"

az ad sp show --id "$APP_ID" >/dev/null 2>&1 || az ad sp create --id "$APP_ID"
az role assignment create --assignee "$APP_ID" --role "Storage Blob Data Contributor" --scope "$STORAGE_ACCOUNT_ID"
