#!/usr/bin/env sh
# Lets the workflow in workflow.yml (branch main of contoso/app) sign in as the app registration
# APP_ID, and lets that app write blobs. Run once, signed in with `az login`.
#
# The same credential from azfed: npx @azfed/cli fic github --repository contoso/app --branch main --format az
set -eu
APP_ID="${APP_ID:?set APP_ID to the Application (client) ID of the app registration}"
STORAGE_ACCOUNT_ID="${STORAGE_ACCOUNT_ID:?set STORAGE_ACCOUNT_ID to the storage account resource ID}"

az ad app federated-credential create --id "$APP_ID" --parameters '{
  "name": "github-contoso-app-ref-refs-heads-main",
  "issuer": "https://token.actions.githubusercontent.com",
  "subject": "repo:contoso/app:ref:refs/heads/main",
  "audiences": ["api://AzureADTokenExchange"],
  "description": "GitHub Actions: contoso/app, branch main"
}'

# An app needs a service principal in the tenant to be granted a role.
az ad sp show --id "$APP_ID" >/dev/null 2>&1 || az ad sp create --id "$APP_ID"
az role assignment create --assignee "$APP_ID" --role "Storage Blob Data Contributor" --scope "$STORAGE_ACCOUNT_ID"
