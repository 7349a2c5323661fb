#!/usr/bin/env sh
# Trusts the service account default/azfed-example of the AKS cluster CLUSTER on the user-assigned
# managed identity IDENTITY, and lets that identity write blobs. Run once, signed in with `az login`.
# The issuer is the cluster's OIDC issuer URL exactly as AKS prints it, trailing slash included
# (a missing slash is the most common cause of AADSTS70021).
#
# The same credential from azfed:
#   npx @azfed/cli fic kubernetes --issuer "$ISSUER" --namespace default --service-account azfed-example --format az
set -eu
RESOURCE_GROUP="${RESOURCE_GROUP:?set RESOURCE_GROUP}"
CLUSTER="${CLUSTER:?set CLUSTER to the AKS cluster name}"
IDENTITY="${IDENTITY:?set IDENTITY to the user-assigned managed identity name}"
STORAGE_ACCOUNT_ID="${STORAGE_ACCOUNT_ID:?set STORAGE_ACCOUNT_ID to the storage account resource ID}"

# The identity the pod signs in as: created if it does not exist yet.
az identity show --resource-group "$RESOURCE_GROUP" --name "$IDENTITY" >/dev/null 2>&1 ||
  az identity create --resource-group "$RESOURCE_GROUP" --name "$IDENTITY" >/dev/null
ISSUER="$(az aks show --resource-group "$RESOURCE_GROUP" --name "$CLUSTER" --query oidcIssuerProfile.issuerUrl --output tsv)"
az identity federated-credential create \
  --resource-group "$RESOURCE_GROUP" \
  --identity-name "$IDENTITY" \
  --name kubernetes-default-azfed-example \
  --issuer "$ISSUER" \
  --subject system:serviceaccount:default:azfed-example \
  --audiences api://AzureADTokenExchange

PRINCIPAL_ID="$(az identity show --resource-group "$RESOURCE_GROUP" --name "$IDENTITY" --query principalId --output tsv)"
az role assignment create --assignee-object-id "$PRINCIPAL_ID" --assignee-principal-type ServicePrincipal \
  --role "Storage Blob Data Contributor" --scope "$STORAGE_ACCOUNT_ID"
