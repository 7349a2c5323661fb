#!/usr/bin/env sh
# Trusts the Google service account azfed-example@contoso-project on an app registration (APP_ID, or a new
# one), and lets that app write blobs. Run once, signed in with `az login` and `gcloud auth login`.
# Google's tokens carry the service account's numeric unique ID as their subject (not its email).
#
# The same credential from azfed: npx @azfed/cli fic gcp --unique-id "$UNIQUE_ID" --format az
set -eu
STORAGE_ACCOUNT_ID="${STORAGE_ACCOUNT_ID:?set STORAGE_ACCOUNT_ID to the storage account resource ID}"
SERVICE_ACCOUNT="${SERVICE_ACCOUNT:-azfed-example@contoso-project.iam.gserviceaccount.com}"

# The app registration the job signs in as: APP_ID names an existing one; without it, one is created.
if [ -z "${APP_ID:-}" ]; then
  APP_ID="$(az ad app create --display-name gcp-azfed-example --query appId --output tsv)"
  echo "created the app registration gcp-azfed-example: APP_ID=$APP_ID (set AZURE_CLIENT_ID to it)"
fi

UNIQUE_ID="$(gcloud iam service-accounts describe "$SERVICE_ACCOUNT" --format 'value(uniqueId)')"
az ad app federated-credential create --id "$APP_ID" --parameters "{
  \"name\": \"gcp-$UNIQUE_ID\",
  \"issuer\": \"https://accounts.google.com\",
  \"subject\": \"$UNIQUE_ID\",
  \"audiences\": [\"api://AzureADTokenExchange\"],
  \"description\": \"Google Cloud service account with unique ID $UNIQUE_ID\"
}"

PRINCIPAL_ID="$(az ad sp show --id "$APP_ID" --query id --output tsv 2>/dev/null ||
  az ad sp create --id "$APP_ID" --query id --output tsv)"
# By object id and principal type: this works before a new service principal has replicated.
az role assignment create --assignee-object-id "$PRINCIPAL_ID" --assignee-principal-type ServicePrincipal \
  --role "Storage Blob Data Contributor" --scope "$STORAGE_ACCOUNT_ID"
