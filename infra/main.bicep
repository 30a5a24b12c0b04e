// Orchestrator on Azure: the job workflow on Durable Functions in a Flex Consumption Function App (.NET isolated),
// with one storage account (task hub, videos, cost rows, bulk queue), Application Insights, a Key Vault for vendor keys,
// and one user-assigned managed identity holding every data-plane role: no account keys or connection strings anywhere.
// Deploy: README, "Deploy to Azure".
targetScope = 'resourceGroup'

@minLength(2)
@maxLength(10)
@description('Lowercase letters and digits; starts every resource name (a hash of the resource group makes names unique).')
param namePrefix string = 'orch'

param location string = resourceGroup().location

param tags object = {}

@description('dotnet-isolated version on Flex Consumption.')
param runtimeVersion string = '10.0'

@allowed([512, 2048, 4096])
@description('Instance memory. Video uploads stream in 4 MiB blocks, so 2048 leaves room for many concurrent activities.')
param instanceMemoryMB int = 2048

@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('The Durable Functions task hub (host.json reads it from the OrchestratorTaskHub setting). Letters and digits, 3-45.')
param taskHubName string = 'OrchestratorHub'

@allowed(['', 'openai', 'azure-content-safety'])
@description('Remote moderation after the local policy (Orchestrator:Moderation:RemoteProvider); empty: local policy only.')
param remoteModerationProvider string = ''

@allowed(['Standard_LRS', 'Standard_ZRS', 'Standard_GRS', 'Standard_RAGRS', 'Standard_GZRS', 'Standard_RAGZRS'])
param storageSku string = 'Standard_LRS'

@description('Object id of the user (or group) that writes vendor keys: gets Key Vault Secrets Officer. Empty: none.')
param secretsOfficerPrincipalId string = ''

@allowed(['User', 'Group', 'ServicePrincipal'])
param secretsOfficerPrincipalType string = 'User'

@description('Purge protection on the vault (irreversible once on). Turn off only for throwaway environments.')
param enableVaultPurgeProtection bool = true

@secure()
@description('Optional: vendor secrets to write at deployment, { "<secret name>": "<value>" }, names from vendorSecretNames below.')
param vendorSecrets object = {}

@description('The API keys that may call the app, as hashes (README, "Deploy to Azure"). Empty: every API call is refused.')
param apiKeys apiKey[] = []

// One API key as Orchestrator:ApiKeys:Keys holds it (the local host's settings too): its public id (recorded on every
// job it starts), its team (none for an admin key), the one environment it may start jobs in, and the hex SHA-256 of
// the key. The key itself is handed to its team and stored nowhere; the type is sealed so no "key" can slip in.
@sealed()
type apiKey = {
  id: string
  team: string?
  admin: bool?
  environment: ('sandbox' | 'staging' | 'production')?
  @minLength(64)
  @maxLength(64)
  sha256: string
}

var prefix = toLower(namePrefix)
var token = uniqueString(resourceGroup().id, prefix)
var names = {
  identity: 'id-${prefix}-${token}'
  workspace: 'log-${prefix}-${token}'
  appInsights: 'appi-${prefix}-${token}'
  storage: take('st${prefix}${token}', 24)
  vault: take('kv-${prefix}-${token}', 24)
  plan: 'plan-${prefix}-${token}'
  app: 'func-${prefix}-${token}'
  deploymentContainer: 'app-package'
}

// The workflow's storage names: WorkflowOptions (video containers "videos-{environment}", tables JobCosts and
// JobSubmissions) and the bulk queue the queue-triggered starter reads (BulkJobStarter.QueueName) with its poison queue.
var videoContainers = ['videos-sandbox', 'videos-staging', 'videos-production']
var bulkQueue = 'jobs-bulk'

// The API keys as app settings: Orchestrator__ApiKeys__Keys__{i}__{Id,Team,Admin,Environment,Sha256}. The app checks
// them at start (ids unique, a team unless admin, 64 hex digits, no key twice) and refuses to run with a bad one.
var apiKeySettings = reduce(range(0, length(apiKeys)), {}, (settings, i) => union(settings, {
  'Orchestrator__ApiKeys__Keys__${i}__Id': apiKeys[i].id
  'Orchestrator__ApiKeys__Keys__${i}__Team': apiKeys[i].?team ?? ''
  'Orchestrator__ApiKeys__Keys__${i}__Admin': (apiKeys[i].?admin ?? false) ? 'true' : 'false'
  'Orchestrator__ApiKeys__Keys__${i}__Environment': apiKeys[i].?environment ?? ''
  'Orchestrator__ApiKeys__Keys__${i}__Sha256': toLower(apiKeys[i].sha256)
}))

// App setting -> Key Vault secret. Versionless references follow rotations (picked up within a day, or on restart).
var vendorSecretNames = {
  Orchestrator__Vendors__OpenAI__ApiKey: 'openai-api-key'
  Orchestrator__Vendors__OpenAI__WebhookSecret: 'openai-webhook-secret'
  Orchestrator__Vendors__Runway__ApiKey: 'runway-api-key'
  Orchestrator__Vendors__Fal__ApiKey: 'fal-api-key'
  Orchestrator__Vendors__Luma__ApiKey: 'luma-api-key'
  Orchestrator__Vendors__Byteplus__ApiKey: 'byteplus-api-key'
  Orchestrator__Vendors__Kling__AccessKey: 'kling-access-key'
  Orchestrator__Vendors__Kling__SecretKey: 'kling-secret-key'
  Orchestrator__Vendors__OpenAIModeration__ApiKey: 'openai-api-key'
  Orchestrator__Vendors__AzureContentSafety__ApiKey: 'azure-content-safety-api-key'
  Orchestrator__Vendors__Callbacks__SigningSecret: 'callback-signing-secret'
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: { name: names.identity, location: location, tags: tags }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: { workspaceName: names.workspace, appInsightsName: names.appInsights, location: location, tags: tags }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: names.storage
    location: location
    tags: tags
    skuName: storageSku
    containerNames: concat([names.deploymentContainer], videoContainers)
    queueNames: [bulkQueue, '${bulkQueue}-poison']
    tableNames: ['JobCosts', 'JobSubmissions']
  }
}

module vault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: names.vault
    location: location
    tags: tags
    enablePurgeProtection: enableVaultPurgeProtection
    secrets: vendorSecrets
  }
}

module roles 'modules/roles.bicep' = {
  name: 'roles'
  params: {
    storageAccountName: storage.outputs.name
    keyVaultName: vault.outputs.name
    appInsightsName: monitoring.outputs.appInsightsName
    principalId: identity.outputs.principalId
    secretsOfficerPrincipalId: secretsOfficerPrincipalId
    secretsOfficerPrincipalType: secretsOfficerPrincipalType
  }
}

module app 'modules/functionapp.bicep' = {
  name: 'functionapp'
  // The identity's roles first, so the app's first start can read the package, the task hub and the vault.
  dependsOn: [roles]
  params: {
    planName: names.plan
    appName: names.app
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    storageBlobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: names.deploymentContainer
    appInsightsConnectionString: monitoring.outputs.connectionString
    runtimeVersion: runtimeVersion
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    appSettings: union({
      OrchestratorTaskHub: taskHubName
      // The workflow's storage clients sign in with the identity (TokenCredential), not a connection string.
      Orchestrator__Storage__BlobServiceUri: storage.outputs.blobEndpoint
      Orchestrator__Storage__TableServiceUri: storage.outputs.tableEndpoint
      Orchestrator__Moderation__RemoteProvider: remoteModerationProvider
    }, apiKeySettings, toObject(items(vendorSecretNames), item => item.key, item => '@Microsoft.KeyVault(VaultName=${names.vault};SecretName=${item.value})'))
  }
}

output functionAppName string = app.outputs.name
output functionAppUrl string = app.outputs.url
output webhookBaseUrl string = app.outputs.webhookBaseUrl
output storageAccountName string = storage.outputs.name
output keyVaultName string = vault.outputs.name
output keyVaultUri string = vault.outputs.uri
output appInsightsName string = monitoring.outputs.appInsightsName
output identityClientId string = identity.outputs.clientId
output identityPrincipalId string = identity.outputs.principalId
output taskHubName string = taskHubName
output bulkQueueName string = bulkQueue
output vendorSecretNames object = vendorSecretNames
