#!/usr/bin/env sh
# Trusts one SPIFFE ID (SPIFFE_ID, as the SPIRE registration entry gives it: spire-server entry show)
# issued by a SPIRE server whose OIDC discovery provider is reachable at ISSUER_URL, on an app
# registration (APP_ID, or a new one), and lets that app write blobs. Run once, signed in with
# `az login`. Entra reads the discovery provider's keys: the SPIRE server needs
# jwt_key_type = "rsa-2048" (RS256) and the discovery provider set_key_use = true (see the guide).
#
# The same credential from azfed (and the name for a SPIFFE ID longer than about 100 characters):
#   npx @azfed/cli fic spiffe --issuer "$ISSUER_URL" --spiffe-id "$SPIFFE_ID" --format az
set -eu
STORAGE_ACCOUNT_ID="${STORAGE_ACCOUNT_ID:?set STORAGE_ACCOUNT_ID to the storage account resource ID}"
ISSUER_URL="${ISSUER_URL:?set ISSUER_URL to the SPIRE OIDC discovery provider URL, e.g. https://oidc-discovery.example.org}"
SPIFFE_ID="${SPIFFE_ID:?set SPIFFE_ID to the workload SPIFFE ID, e.g. spiffe://example.org/ns/payments/sa/api}"

# The credential's name as azfed derives it: the trust domain and path with dots and slashes as dashes.
NAME="spiffe-$(printf '%s' "${SPIFFE_ID#spiffe://}" | tr './' '--')"

# The app registration the workload signs in as: APP_ID names an existing one; without it, one is created.
if [ -z "${APP_ID:-}" ]; then
  APP_ID="$(az ad app create --display-name spiffe-azfed-example --query appId --output tsv)"
  echo "created the app registration spiffe-azfed-example: APP_ID=$APP_ID (set AZURE_CLIENT_ID to it)"
fi

az ad app federated-credential create --id "$APP_ID" --parameters "{
  \"name\": \"$NAME\",
  \"issuer\": \"$ISSUER_URL\",
  \"subject\": \"$SPIFFE_ID\",
  \"audiences\": [\"api://AzureADTokenExchange\"],
  \"description\": \"SPIFFE workload $SPIFFE_ID\"
}"

PRINCIPAL_ID="$(az ad sp show --id "$APP_ID" --query id --output tsv 2>/dev/null ||
  az ad sp create --id "$APP_ID" --query id --output tsv)"
# By object id and principal type: this works before a new service principal has replicated.
az role assignment create --assignee-object-id "$PRINCIPAL_ID" --assignee-principal-type ServicePrincipal \
  --role "Storage Blob Data Contributor" --scope "$STORAGE_ACCOUNT_ID"
