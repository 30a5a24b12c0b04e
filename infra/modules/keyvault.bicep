// The vault for vendor keys and the callback signing secret. RBAC authorization (no access policies): the app reads
// with Key Vault Secrets User, an operator writes with Key Vault Secrets Officer (see roles.bicep).
param name string
param location string
param tags object

@description('Purge protection cannot be turned off once on; leave it on for production vaults.')
param enablePurgeProtection bool = true

@secure()
@description('Optional secrets to write now, as { "secret-name": "value" } (names: see main.bicep, vendorSecretNames).')
param secrets object = {}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    // The API refuses an explicit false ("purge protection is irreversible"), so off means leaving the property out.
    enablePurgeProtection: enablePurgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
  }
}

resource secret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = [for item in items(secrets): {
  parent: vault
  name: item.key
  properties: { value: item.value }
}]

output name string = vault.name
output uri string = vault.properties.vaultUri
