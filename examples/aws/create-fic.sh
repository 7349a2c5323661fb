#!/usr/bin/env sh
# Trusts the IAM role azfed-example on an app registration (APP_ID, or a new one), and lets that app
# write blobs. Run once, signed in with `az login` and with AWS credentials allowed to manage IAM.
# STS's tokens carry the role's ARN (path included) as their subject and the account's issuer.
#
# The same credential from azfed: npx @azfed/cli fic aws --issuer "$ISSUER_URL" --role-arn "$ROLE_ARN" --format az
set -eu
STORAGE_ACCOUNT_ID="${STORAGE_ACCOUNT_ID:?set STORAGE_ACCOUNT_ID to the storage account resource ID}"
ROLE_NAME="${ROLE_NAME:-azfed-example}"

# The AWS side: federation on for the account (once; it fails harmlessly with FeatureEnabled if it is on),
# the issuer, and the role's permission to ask STS for tokens for Entra only, for at most 5 minutes.
aws iam enable-outbound-web-identity-federation >/dev/null 2>&1 || true
ISSUER_URL="$(aws iam get-outbound-web-identity-federation-info --query IssuerIdentifier --output text)"
ROLE_ARN="$(aws iam get-role --role-name "$ROLE_NAME" --query Role.Arn --output text)"
aws iam put-role-policy --role-name "$ROLE_NAME" --policy-name entra-federation --policy-document '{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Action": "sts:GetWebIdentityToken",
    "Resource": "*",
    "Condition": {
      "ForAllValues:StringEquals": { "sts:IdentityTokenAudience": "api://AzureADTokenExchange" },
      "NumericLessThanEquals": { "sts:DurationSeconds": 300 }
    }
  }]
}'

# The app registration the role signs in as: APP_ID names an existing one; without it, one is created.
if [ -z "${APP_ID:-}" ]; then
  APP_ID="$(az ad app create --display-name aws-azfed-example --query appId --output tsv)"
  echo "created the app registration aws-azfed-example: APP_ID=$APP_ID (set AZURE_CLIENT_ID to it)"
fi

NAME="$(echo "aws-${ROLE_ARN#arn:aws:iam::}" | tr -c 'A-Za-z0-9_\n-' '-')"
az ad app federated-credential create --id "$APP_ID" --parameters "{
  \"name\": \"$NAME\",
  \"issuer\": \"$ISSUER_URL\",
  \"subject\": \"$ROLE_ARN\",
  \"audiences\": [\"api://AzureADTokenExchange\"],
  \"description\": \"AWS IAM role $ROLE_ARN\"
}"

PRINCIPAL_ID="$(az ad sp show --id "$APP_ID" --query id --output tsv 2>/dev/null ||
  az ad sp create --id "$APP_ID" --query id --output tsv)"
# By object id and principal type: this works before a new service principal has replicated.
az role assignment create --assignee-object-id "$PRINCIPAL_ID" --assignee-principal-type ServicePrincipal \
  --role "Storage Blob Data Contributor" --scope "$STORAGE_ACCOUNT_ID"
