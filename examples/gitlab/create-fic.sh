#!/usr/bin/env sh
# Lets the job in .gitlab-ci.yml (branch main of contoso/app on gitlab.com) sign in as the app
# registration APP_ID, and lets that app write blobs. Run once, signed in with `az login`.
# Self-managed GitLab: the issuer is your instance URL (CI_SERVER_URL), e.g. https://gitlab.example.com.
#
# The same credential from azfed: npx @azfed/cli fic gitlab --project-path contoso/app --branch main --format az
set -eu
APP_ID="${APP_ID:?set APP_ID to the Application (client) ID of the app registration}"
STORAGE_ACCOUNT_ID="${STORAGE_ACCOUNT_ID:?set STORAGE_ACCOUNT_ID to the storage account resource ID}"

az ad app federated-credential create --id "$APP_ID" --parameters '{
  "name": "gitlab-contoso-app-branch-main",
  "issuer": "https://gitlab.com",
  "subject": "project_path:contoso/app:ref_type:branch:ref:main",
  "audiences": ["api://AzureADTokenExchange"],
  "description": "GitLab CI: contoso/app, branch main"
}'

az ad sp show --id "$APP_ID" >/dev/null 2>&1 || az ad sp create --id "$APP_ID"
az role assignment create --assignee "$APP_ID" --role "Storage Blob Data Contributor" --scope "$STORAGE_ACCOUNT_ID"
