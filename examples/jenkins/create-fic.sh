#!/usr/bin/env sh
# Trusts the builds of Jenkins job payments/api on an app registration (APP_ID, or a new one), and lets
# that app write blobs. Run once, signed in with `az login`. The oidc-provider plugin's tokens carry
# issuer <Jenkins URL>oidc and the job's URL (JOB_URL, with its trailing slash) as subject; the id token
# credential's Audience field must be api://AzureADTokenExchange.
#
# The same credential from azfed:
#   npx @azfed/cli fic jenkins --jenkins-url "$JENKINS_URL" --job payments/api --format az
set -eu
STORAGE_ACCOUNT_ID="${STORAGE_ACCOUNT_ID:?set STORAGE_ACCOUNT_ID to the storage account resource ID}"
JENKINS_URL="${JENKINS_URL:-https://jenkins.example.com/}"
JOB="${JOB:-payments/api}"

# Jenkins' root URL ends with a slash; a job's URL is the root, then job/<name> for each folder and the job.
case "$JENKINS_URL" in */) ;; *) JENKINS_URL="$JENKINS_URL/" ;; esac
ISSUER="${JENKINS_URL}oidc"
JOB_URL="${JENKINS_URL}job/$(echo "$JOB" | sed 's|/|/job/|g')/"
NAME="jenkins-$(echo "$JOB" | tr '/' '-')"

# The app registration the job signs in as: APP_ID names an existing one; without it, one is created.
if [ -z "${APP_ID:-}" ]; then
  APP_ID="$(az ad app create --display-name jenkins-azfed-example --query appId --output tsv)"
  echo "created the app registration jenkins-azfed-example: APP_ID=$APP_ID (set AZURE_CLIENT_ID to it)"
fi

az ad app federated-credential create --id "$APP_ID" --parameters "{
  \"name\": \"$NAME\",
  \"issuer\": \"$ISSUER\",
  \"subject\": \"$JOB_URL\",
  \"audiences\": [\"api://AzureADTokenExchange\"],
  \"description\": \"Jenkins job $JOB_URL\"
}"

PRINCIPAL_ID="$(az ad sp show --id "$APP_ID" --query id --output tsv 2>/dev/null ||
  az ad sp create --id "$APP_ID" --query id --output tsv)"
# By object id and principal type: this works before a new service principal has replicated.
az role assignment create --assignee-object-id "$PRINCIPAL_ID" --assignee-principal-type ServicePrincipal \
  --role "Storage Blob Data Contributor" --scope "$STORAGE_ACCOUNT_ID"
