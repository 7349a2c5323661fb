#!/usr/bin/env sh
# Trusts one Buildkite pipeline (PIPELINE_ID, its UUID: Pipeline Settings > General > Pipeline ID) on
# an app registration (APP_ID, or a new one), and lets that app write blobs. Run once, signed in with
# `az login`. The tokens azfed asks for carry the pipeline's UUID as their subject (subject_claim
# pipeline_id); the issuer https://agent.buildkite.com is shared by every Buildkite organisation.
#
# The same credential from azfed: npx @azfed/cli fic buildkite --pipeline-id "$PIPELINE_ID" --format az
set -eu
STORAGE_ACCOUNT_ID="${STORAGE_ACCOUNT_ID:?set STORAGE_ACCOUNT_ID to the storage account resource ID}"
PIPELINE_ID="${PIPELINE_ID:?set PIPELINE_ID to the pipeline UUID from Pipeline Settings, General}"

# The app registration the job signs in as: APP_ID names an existing one; without it, one is created.
if [ -z "${APP_ID:-}" ]; then
  APP_ID="$(az ad app create --display-name buildkite-azfed-example --query appId --output tsv)"
  echo "created the app registration buildkite-azfed-example: APP_ID=$APP_ID (set AZURE_CLIENT_ID to it)"
fi

az ad app federated-credential create --id "$APP_ID" --parameters "{
  \"name\": \"buildkite-$PIPELINE_ID\",
  \"issuer\": \"https://agent.buildkite.com\",
  \"subject\": \"$PIPELINE_ID\",
  \"audiences\": [\"api://AzureADTokenExchange\"],
  \"description\": \"Buildkite pipeline $PIPELINE_ID\"
}"

PRINCIPAL_ID="$(az ad sp show --id "$APP_ID" --query id --output tsv 2>/dev/null ||
  az ad sp create --id "$APP_ID" --query id --output tsv)"
# By object id and principal type: this works before a new service principal has replicated.
az role assignment create --assignee-object-id "$PRINCIPAL_ID" --assignee-principal-type ServicePrincipal \
  --role "Storage Blob Data Contributor" --scope "$STORAGE_ACCOUNT_ID"
