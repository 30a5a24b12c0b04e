// Parameters for main.bicep: az deployment group create -g <group> -f infra/main.bicep -p infra/main.bicepparam
using './main.bicep'

param namePrefix = 'orch'
param runtimeVersion = '10.0'
param instanceMemoryMB = 2048
param maximumInstanceCount = 100
param taskHubName = 'OrchestratorHub'
param remoteModerationProvider = ''
param storageSku = 'Standard_LRS'

// Who may write vendor keys into the vault: export DEPLOYER_OBJECT_ID=$(az ad signed-in-user show --query id -o tsv)
param secretsOfficerPrincipalId = readEnvironmentVariable('DEPLOYER_OBJECT_ID', '')
param enableVaultPurgeProtection = true
