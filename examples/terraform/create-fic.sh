#!/usr/bin/env sh
# Trusts the plan and the apply of one HCP Terraform workspace on an app registration (APP_ID, or a
# new one), and lets that app write blobs. Run once, signed in with `az login`. HCP Terraform's tokens
# carry organization:{o}:project:{p}:workspace:{w}:run_phase:{plan|apply} as their subject: one
# credential per phase. HCP Terraform Europe: TFC_HOST=app.eu.terraform.io; Terraform Enterprise: its host.
#
# The same credentials from azfed: npx @azfed/cli fic terraform --organization "$TFC_ORGANIZATION" \
#   --project "$TFC_PROJECT" --workspace "$TFC_WORKSPACE" --format az
set -eu
STORAGE_ACCOUNT_ID="${STORAGE_ACCOUNT_ID:?set STORAGE_ACCOUNT_ID to the storage account resource ID}"
TFC_ORGANIZATION="${TFC_ORGANIZATION:?set TFC_ORGANIZATION to the HCP Terraform organization}"
TFC_PROJECT="${TFC_PROJECT:-Default Project}"
TFC_WORKSPACE="${TFC_WORKSPACE:?set TFC_WORKSPACE to the workspace name}"
TFC_HOST="${TFC_HOST:-app.terraform.io}"

# The app registration the runs sign in as: APP_ID names an existing one; without it, one is created.
if [ -z "${APP_ID:-}" ]; then
  APP_ID="$(az ad app create --display-name terraform-azfed-example --query appId --output tsv)"
  echo "created the app registration terraform-azfed-example: APP_ID=$APP_ID (set AZURE_CLIENT_ID to it)"
fi

for PHASE in plan apply; do
  NAME="$(echo "terraform-$TFC_ORGANIZATION-project-$TFC_PROJECT-workspace-$TFC_WORKSPACE-run_phase-$PHASE" | tr -c 'A-Za-z0-9_\n-' '-')"
  az ad app federated-credential create --id "$APP_ID" --parameters "{
    \"name\": \"$NAME\",
    \"issuer\": \"https://$TFC_HOST\",
    \"subject\": \"organization:$TFC_ORGANIZATION:project:$TFC_PROJECT:workspace:$TFC_WORKSPACE:run_phase:$PHASE\",
    \"audiences\": [\"api://AzureADTokenExchange\"],
    \"description\": \"HCP Terraform: workspace $TFC_WORKSPACE of project $TFC_PROJECT in $TFC_ORGANIZATION, $PHASE\"
  }"
done

PRINCIPAL_ID="$(az ad sp show --id "$APP_ID" --query id --output tsv 2>/dev/null ||
  az ad sp create --id "$APP_ID" --query id --output tsv)"
# By object id and principal type: this works before a new service principal has replicated.
az role assignment create --assignee-object-id "$PRINCIPAL_ID" --assignee-principal-type ServicePrincipal \
  --role "Storage Blob Data Contributor" --scope "$STORAGE_ACCOUNT_ID"
echo "In the workspace, set the environment variable TFC_WORKLOAD_IDENTITY_AUDIENCE=api://AzureADTokenExchange"
