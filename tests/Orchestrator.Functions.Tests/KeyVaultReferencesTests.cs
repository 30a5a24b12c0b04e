using Microsoft.Extensions.Configuration;
using Orchestrator.Functions.Configuration;

namespace Orchestrator.Functions.Tests;

/// <summary>An unresolved Key Vault reference must never reach a vendor as its key, and its text must never be logged.</summary>
public sealed class KeyVaultReferencesTests
{
    [Fact]
    public void Unresolved_references_are_blanked_and_named_while_resolved_values_stay()
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Orchestrator:Vendors:Fal:ApiKey"] = "fal-key-from-the-vault",
            ["Orchestrator:Vendors:Luma:ApiKey"] = "@Microsoft.KeyVault(VaultName=kv-orch;SecretName=luma-api-key)",
            ["Orchestrator:Vendors:Kling:SecretKey"] = " @microsoft.keyvault(SecretUri=https://kv-orch.vault.azure.net/secrets/kling-secret-key/)",
            ["Orchestrator:Workflow:CostTable"] = "JobCosts",
        });

        var unresolved = KeyVaultReferences.BlankUnresolved(configuration);

        Assert.Equal(["Orchestrator:Vendors:Kling:SecretKey", "Orchestrator:Vendors:Luma:ApiKey"], unresolved);
        Assert.Equal(string.Empty, configuration["Orchestrator:Vendors:Luma:ApiKey"]);
        Assert.Equal(string.Empty, configuration["Orchestrator:Vendors:Kling:SecretKey"]);
        Assert.Equal("fal-key-from-the-vault", configuration["Orchestrator:Vendors:Fal:ApiKey"]);
        Assert.Equal("JobCosts", configuration["Orchestrator:Workflow:CostTable"]);
    }

    [Fact]
    public void A_configuration_without_references_is_left_as_it_is()
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Orchestrator:Vendors:OpenAI:ApiKey"] = "sk-test" });

        Assert.Empty(KeyVaultReferences.BlankUnresolved(configuration));
        Assert.Equal("sk-test", configuration["Orchestrator:Vendors:OpenAI:ApiKey"]);
    }
}
