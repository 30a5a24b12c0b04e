// The app's one identity. User-assigned rather than system-assigned so that its roles exist before the Function App
// does: the first start then resolves Key Vault references and opens the task hub without waiting for role propagation.
param name string
param location string
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
