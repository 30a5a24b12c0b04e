// The Flex Consumption plan (FC1, Linux) and the Function App: .NET isolated worker, deployed from a blob container,
// running as the user-assigned identity for everything (deployment package, AzureWebJobsStorage, Key Vault references,
// Application Insights). Flex takes the runtime and scale settings from functionAppConfig, not from app settings
// (FUNCTIONS_WORKER_RUNTIME, FUNCTIONS_EXTENSION_VERSION and WEBSITE_RUN_FROM_PACKAGE are not used on this plan).
param planName string
param appName string
param location string
param tags object

param identityId string
param identityClientId string

param storageAccountName string
param storageBlobEndpoint string
param deploymentContainerName string
param appInsightsConnectionString string

@description('dotnet-isolated runtime version.')
param runtimeVersion string

@allowed([512, 2048, 4096])
param instanceMemoryMB int

@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

@description('Path under the app\'s URL where vendors call back (the webhook function\'s route), ending in /.')
param webhookRoute string = 'api/webhooks/'

@description('The application\'s own settings (Orchestrator__..., Key Vault references), merged over the platform ones.')
param appSettings object

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { tier: 'FlexConsumption', name: 'FC1' }
  properties: { reserved: true }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references (@Microsoft.KeyVault(...)) resolve with this identity instead of a system-assigned one.
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: runtimeVersion
      }
    }
  }

  resource settings 'config' = {
    name: 'appsettings'
    properties: union(appSettings, {
      // Identity-based host storage: the Functions host, the queue trigger and the Durable task hub all use it.
      AzureWebJobsStorage__accountName: storageAccountName
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identityClientId
      APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
      // DefaultAzureCredential in the worker picks the user-assigned identity from this variable.
      AZURE_CLIENT_ID: identityClientId
      // Vendors call back on the app's own host name (Flex may add a hash to it, so it is read, not built).
      Orchestrator__Workflow__WebhookBaseUrl: 'https://${app.properties.defaultHostName}/${webhookRoute}'
    })
  }
}

output name string = app.name
output url string = 'https://${app.properties.defaultHostName}'
output webhookBaseUrl string = 'https://${app.properties.defaultHostName}/${webhookRoute}'
