#!/usr/bin/env sh
# Lets the job in .gitlab-ci.yml (branch main of contoso/app on gitlab.com) sign in as an app
# registration (APP_ID, or a new one), and lets that app write blobs. Run once, signed in with `az login`.
# Self-managed GitLab: the issuer is your instance URL (CI_SERVER_URL), e.g. https://gitlab.example.com.
#
# The same credential from azfed: npx @azfed/cli fic gitlab --project-path contoso/app --branch main --format az
set -eu
STORAGE_ACCOUNT_ID="${STORAGE_ACCOUNT_ID:?set STORAGE_ACCOUNT_ID to the storage account resource ID}"

# The app registration the job signs in as: APP_ID names an existing one; without it, one is created.
if [ -z "${APP_ID:-}" ]; then
  APP_ID="$(az ad app create --display-name gitlab-contoso-app --query appId --output tsv)"
  echo "created the app registration gitlab-contoso-app: APP_ID=$APP_ID (set AZURE_CLIENT_ID to it)"
fi

az ad app federated-credential create --id "$APP_ID" --parameters '{
  "name": "gitlab-contoso-app-branch-main",
  "issuer": "https://gitlab.com",
  "subject": "project_path:contoso/app:ref_type:branch:ref:main",
  "audiences": ["api://AzureADTokenExchange"],
  "description": "GitLab CI: contoso/app, branch main"
}'

PRINCIPAL_ID="$(az ad sp show --id "$APP_ID" --query id --output tsv 2>/dev/null ||
  az ad sp create --id "$APP_ID" --query id --output tsv)"
# By object id and principal type: this works before a new service principal has replicated.
az role assignment create --assignee-object-id "$PRINCIPAL_ID" --assignee-principal-type ServicePrincipal \
  --role "Storage Blob Data Contributor" --scope "$STORAGE_ACCOUNT_ID"
