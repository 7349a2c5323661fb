#!/usr/bin/env sh
# Lets the App Service app WEB_APP act as the app registration APP_ID in a customer's tenant through its
# user-assigned managed identity saas-worker, and lets that app write blobs there. Run once, signed in
# with `az login` to the home tenant, where the identity and the app registration both live (Microsoft
# requires the same tenant); the second half runs as an admin of the customer's tenant.
# The identity's tokens carry its object (principal) id as their subject, not its client id.
# https://learn.microsoft.com/entra/workload-id/workload-identity-federation-config-app-trust-managed-identity
#
# The same credential from azfed:
#   npx @azfed/cli fic managed-identity --app "$APP_ID" --principal-id "$PRINCIPAL_ID" --tenant-id "$HOME_TENANT_ID" --format az
set -eu
APP_ID="${APP_ID:?set APP_ID to the Application (client) ID of the app registration}"
CUSTOMER_TENANT_ID="${CUSTOMER_TENANT_ID:?set CUSTOMER_TENANT_ID to the tenant the app works in}"
STORAGE_ACCOUNT_ID="${STORAGE_ACCOUNT_ID:?set STORAGE_ACCOUNT_ID to the resource ID of the storage account in the customer tenant}"
STORAGE_ACCOUNT_URL="${STORAGE_ACCOUNT_URL:?set STORAGE_ACCOUNT_URL to its blob endpoint, https://<account>.blob.core.windows.net}"
RESOURCE_GROUP="${RESOURCE_GROUP:-saas-rg}"
WEB_APP="${WEB_APP:-saas-worker}"
HOME_TENANT_ID="$(az account show --query tenantId -o tsv)"

# Home tenant: the identity, attached to the web app, and the settings the program reads.
az identity create --name saas-worker --resource-group "$RESOURCE_GROUP" >/dev/null
PRINCIPAL_ID="$(az identity show --name saas-worker --resource-group "$RESOURCE_GROUP" --query principalId -o tsv)"
MI_CLIENT_ID="$(az identity show --name saas-worker --resource-group "$RESOURCE_GROUP" --query clientId -o tsv)"
az webapp identity assign --name "$WEB_APP" --resource-group "$RESOURCE_GROUP" \
  --identities "$(az identity show --name saas-worker --resource-group "$RESOURCE_GROUP" --query id -o tsv)"
az webapp config appsettings set --name "$WEB_APP" --resource-group "$RESOURCE_GROUP" --settings \
  AZFED_PROVIDER=managed-identity AZFED_MANAGED_IDENTITY_CLIENT_ID="$MI_CLIENT_ID" \
  AZURE_CLIENT_ID="$APP_ID" AZURE_TENANT_ID="$CUSTOMER_TENANT_ID" AZURE_STORAGE_ACCOUNT_URL="$STORAGE_ACCOUNT_URL" >/dev/null

# Home tenant: a multi-tenant app that trusts the identity.
az ad app update --id "$APP_ID" --sign-in-audience AzureADMultipleOrgs
az ad app federated-credential create --id "$APP_ID" --parameters "{
  \"name\": \"saas-worker\",
  \"issuer\": \"https://login.microsoftonline.com/$HOME_TENANT_ID/v2.0\",
  \"subject\": \"$PRINCIPAL_ID\",
  \"audiences\": [\"api://AzureADTokenExchange\"],
  \"description\": \"User-assigned managed identity with principal id $PRINCIPAL_ID\"
}"

# Customer tenant, as its admin: provision the app (its service principal), then grant it access.
az login --tenant "$CUSTOMER_TENANT_ID" --allow-no-subscriptions >/dev/null
APP_SP_OBJECT_ID="$(az ad sp show --id "$APP_ID" --query id --output tsv 2>/dev/null ||
  az ad sp create --id "$APP_ID" --query id --output tsv)"
# By object id and principal type: this works before the new service principal has replicated.
az role assignment create --assignee-object-id "$APP_SP_OBJECT_ID" --assignee-principal-type ServicePrincipal \
  --role "Storage Blob Data Contributor" --scope "$STORAGE_ACCOUNT_ID"
