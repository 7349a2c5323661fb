#!/usr/bin/env sh
# Trusts the Google service account azfed-example@contoso-project on the app registration APP_ID, and
# lets that app write blobs. Run once, signed in with `az login` and `gcloud auth login`.
# Google's tokens carry the service account's numeric unique ID as their subject (not its email).
#
# The same credential from azfed: npx @azfed/cli fic gcp --unique-id "$UNIQUE_ID" --format az
set -eu
APP_ID="${APP_ID:?set APP_ID to the Application (client) ID of the app registration}"
STORAGE_ACCOUNT_ID="${STORAGE_ACCOUNT_ID:?set STORAGE_ACCOUNT_ID to the storage account resource ID}"
SERVICE_ACCOUNT="${SERVICE_ACCOUNT:-azfed-example@contoso-project.iam.gserviceaccount.com}"

UNIQUE_ID="$(gcloud iam service-accounts describe "$SERVICE_ACCOUNT" --format 'value(uniqueId)')"
az ad app federated-credential create --id "$APP_ID" --parameters "{
  \"name\": \"gcp-$UNIQUE_ID\",
  \"issuer\": \"https://accounts.google.com\",
  \"subject\": \"$UNIQUE_ID\",
  \"audiences\": [\"api://AzureADTokenExchange\"],
  \"description\": \"Google Cloud service account with unique ID $UNIQUE_ID\"
}"

az ad sp show --id "$APP_ID" >/dev/null 2>&1 || az ad sp create --id "$APP_ID"
az role assignment create --assignee "$APP_ID" --role "Storage Blob Data Contributor" --scope "$STORAGE_ACCOUNT_ID"
