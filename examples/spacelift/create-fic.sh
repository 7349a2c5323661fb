#!/usr/bin/env sh
# Trusts the runs of Spacelift stack infra (space root, account demo) on an app registration (APP_ID, or
# a new one), and lets that app write blobs. Run once, signed in with `az login`. Spacelift's tokens
# carry issuer https://<account>.app.spacelift.io, audience <account>.app.spacelift.io and a subject
# naming the run type and scope, which Entra matches exactly: one credential per run type and scope.
#
# The same credentials from azfed:
#   npx @azfed/cli fic spacelift --account demo --space-id root --stack infra --run-type TRACKED --scope write --format az
set -eu
STORAGE_ACCOUNT_ID="${STORAGE_ACCOUNT_ID:?set STORAGE_ACCOUNT_ID to the storage account resource ID}"
ACCOUNT="${ACCOUNT:-demo}"
SPACE_ID="${SPACE_ID:-root}"
STACK_ID="${STACK_ID:-infra}"

# The app registration the runs sign in as: APP_ID names an existing one; without it, one is created.
if [ -z "${APP_ID:-}" ]; then
  APP_ID="$(az ad app create --display-name spacelift-azfed-example --query appId --output tsv)"
  echo "created the app registration spacelift-azfed-example: APP_ID=$APP_ID (set AZURE_CLIENT_ID on the stack)"
fi

create_fic() {
  RUN_TYPE="$1"
  SCOPE="$2"
  RUN="$(echo "$RUN_TYPE" | tr 'A-Z' 'a-z')"
  az ad app federated-credential create --id "$APP_ID" --parameters "{
    \"name\": \"spacelift-$SPACE_ID-$STACK_ID-$RUN-$SCOPE\",
    \"issuer\": \"https://$ACCOUNT.app.spacelift.io\",
    \"subject\": \"space:$SPACE_ID:stack:$STACK_ID:run_type:$RUN_TYPE:scope:$SCOPE\",
    \"audiences\": [\"$ACCOUNT.app.spacelift.io\"],
    \"description\": \"Spacelift space:$SPACE_ID:stack:$STACK_ID:run_type:$RUN_TYPE:scope:$SCOPE\"
  }"
}
# The run types and scopes Spacelift's Azure guide lists for a stack.
create_fic TRACKED read
create_fic TRACKED write
create_fic PROPOSED read
create_fic TASK write
create_fic DESTROY write

PRINCIPAL_ID="$(az ad sp show --id "$APP_ID" --query id --output tsv 2>/dev/null ||
  az ad sp create --id "$APP_ID" --query id --output tsv)"
# By object id and principal type: this works before a new service principal has replicated.
az role assignment create --assignee-object-id "$PRINCIPAL_ID" --assignee-principal-type ServicePrincipal \
  --role "Storage Blob Data Contributor" --scope "$STORAGE_ACCOUNT_ID"
