using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Orchestrator.Core;
using Orchestrator.Core.Jobs;
using Orchestrator.Core.Moderation;
using Orchestrator.Core.Pricing;
using Orchestrator.Core.Routing;
using Orchestrator.Storage.Queues;
using Orchestrator.Testing;
using Orchestrator.Vendors;
using Orchestrator.Workflow.Access;
using Orchestrator.Workflow.Budgets;
using Orchestrator.Workflow.Configuration;
using Orchestrator.Workflow.Jobs;

namespace Orchestrator.Functions.Tests;

/// <summary>
/// infra/ (Bicep), host.json, local.settings.sample.json and the Functions sources are written separately but must
/// agree: every setting the deployment gives the app must bind to the workflow's options, every vendor secret must come
/// from Key Vault, and the storage, task hub and webhook route named in one place must be the ones used in the others.
/// </summary>
public sealed partial class DeploymentSettingsTests
{
    private static readonly Dictionary<string, Type> OptionsBySection = new(StringComparer.Ordinal)
    {
        [VendorsOptions.SectionName] = typeof(VendorsOptions),
        [StorageOptions.SectionName] = typeof(StorageOptions),
        [ModerationOptions.SectionName] = typeof(ModerationOptions),
        [WorkflowOptions.SectionName] = typeof(WorkflowOptions),
        [PricingOptions.SectionName] = typeof(PricingOptions),
        [RoutingOptions.SectionName] = typeof(RoutingOptions),
        [BudgetOptions.SectionName] = typeof(BudgetOptions),
    };

    private static string MainBicep => File.ReadAllText(RepoPaths.Combine("infra", "main.bicep"));

    private static string AppBicep => File.ReadAllText(RepoPaths.Combine("infra", "modules", "functionapp.bicep"));

    [Fact]
    public void The_task_hub_setting_host_json_names_is_set_by_the_deployment_and_the_local_sample()
    {
        var hubName = HostJson().GetProperty("extensions").GetProperty("durableTask").GetProperty("hubName").GetString()!;
        var setting = Regex.Match(hubName, "^%(?<name>[A-Za-z0-9_]+)%$");

        Assert.True(setting.Success, $"host.json's hubName '{hubName}' should name an app setting (%Setting%).");
        Assert.Contains(setting.Groups["name"].Value, BicepSettingKeys());
        Assert.Contains(setting.Groups["name"].Value, SampleSettings().Keys);
    }

    [Fact]
    public void Every_vendor_secret_comes_from_key_vault_and_every_key_vault_setting_is_a_vendor_secret()
    {
        var referenced = VendorSecretSettings();
        var configuration = Configuration(referenced.Keys.ToDictionary(key => key, _ => "from-key-vault"));

        var vendors = Bind<VendorsOptions>(configuration, VendorsOptions.SectionName);

        var unset = SecretProperties(vendors).Where(secret => string.IsNullOrEmpty(secret.Value)).Select(secret => secret.Path).ToList();
        Assert.True(unset.Count == 0, $"Vendor secrets without a Key Vault reference in infra/main.bicep: {string.Join(", ", unset)}");
        Assert.All(referenced.Values, secretName => Assert.Matches("^[0-9a-zA-Z-]{1,127}$", secretName));
    }

    [Fact]
    public void Every_application_setting_the_deployment_gives_binds_to_the_workflows_options()
    {
        var keys = BicepSettingKeys().Where(key => key.StartsWith("Orchestrator__", StringComparison.Ordinal)).ToList();
        var configuration = Configuration(keys.ToDictionary(key => key, key => key.EndsWith("Uri", StringComparison.Ordinal) || key.EndsWith("Url", StringComparison.Ordinal)
            ? "https://example.invalid/path/" : "value"));

        Assert.NotEmpty(keys);
        foreach (var section in keys.Select(SectionOf).Distinct())
        {
            Assert.True(OptionsBySection.TryGetValue(section, out var type), $"No workflow options bind the section '{section}'.");
            // Throws on any key under the section that names no property: a renamed option would fail here, not in Azure.
            configuration.GetSection(section).Get(type, binder => binder.ErrorOnUnknownConfiguration = true);
        }
    }

    [Fact]
    public void The_deployment_creates_the_containers_tables_and_queues_the_workflow_and_the_bulk_starter_use()
    {
        var defaults = new WorkflowOptions();
        var bulkQueue = FunctionSources.Constant("BulkJobStarter.cs", "QueueName");
        var poisonQueue = FunctionSources.Constant("BulkJobStarter.cs", "PoisonQueueName");

        Assert.Equal(
            Enum.GetValues<JobEnvironment>().Select(environment => WorkflowStorage.ContainerName(defaults.VideoContainerPrefix, environment)).Order(),
            BicepStrings("var videoContainers = ").Order());
        Assert.Equal(new[] { defaults.CostTable, defaults.SubmissionTable }.Order(), BicepStrings("tableNames: ").Order());
        Assert.Equal(bulkQueue, BicepStrings("var bulkQueue = ").Single());
        // The runtime's poison queue for a queue trigger, and the local host's (PoisonMessageHandler), are "{queue}-poison".
        Assert.Equal(PoisonMessageHandler.NameFor(bulkQueue), poisonQueue);
        Assert.Contains("queueNames: [bulkQueue, '${bulkQueue}-poison']", MainBicep, StringComparison.Ordinal);
    }

    [Fact]
    public void Vendors_are_told_to_call_back_where_the_webhook_function_listens()
    {
        var webhook = Assert.Single(FunctionSources.All, function => function.Name == "VendorWebhook");
        var route = Regex.Match(webhook.Text, "Route = \"(?<path>[^\"{]*)\\{vendor\\}\"");
        var prefix = HostJson().GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString();
        var expected = $"{prefix}/{route.Groups["path"].Value}";

        Assert.True(route.Success, "The VendorWebhook function's route should end in {vendor}.");
        Assert.Equal(expected, Regex.Match(AppBicep, "param webhookRoute string = '(?<route>[^']+)'").Groups["route"].Value);
        Assert.Equal("/" + expected, new Uri(SampleSettings()["Orchestrator__Workflow__WebhookBaseUrl"]).AbsolutePath);
        Assert.Contains("Orchestrator__Workflow__WebhookBaseUrl: 'https://${app.properties.defaultHostName}/${webhookRoute}'", AppBicep, StringComparison.Ordinal);
    }

    [Fact]
    public void The_deployments_api_keys_are_hashes_that_bind_to_the_shared_key_options_and_resolve()
    {
        var fields = ApiKeySetting().Matches(MainBicep).Select(match => match.Groups["field"].Value).ToList();
        var environments = Regex.Matches(Regex.Match(MainBicep, @"environment: \((?<values>[^)]*)\)\?").Groups["values"].Value, "'(?<value>[^']+)'")
            .Select(match => match.Groups["value"].Value);
        const string teamKey = "studio-a-production-key-0123456789";
        const string adminKey = "operations-admin-key-0123456789";

        // Each key as the deployment writes it (index 0), with the empty strings it writes for what a key leaves out.
        var team = KeyRegistry(fields, "studio-a-ci", "studio-a", "false", "production", ApiKeyRegistry.HashOf(teamKey).ToUpperInvariant());
        var admin = KeyRegistry(fields, "ops", string.Empty, "true", string.Empty, ApiKeyRegistry.HashOf(adminKey));

        Assert.Equal(["Admin", "Environment", "Id", "Sha256", "Team"], fields.Order(StringComparer.Ordinal));
        Assert.Equal(WireNames.All<JobEnvironment>().Order(StringComparer.Ordinal), environments.Order(StringComparer.Ordinal));
        Assert.Contains("@sealed()\ntype apiKey = {", MainBicep.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal(new JobCaller("studio-a-ci", "studio-a", IsAdmin: false, "production"), team.Resolve(teamKey));
        Assert.Equal(new JobCaller("ops", null, IsAdmin: true), admin.Resolve(adminKey));
        Assert.Null(team.Resolve(adminKey));
    }

    [Fact]
    public void The_local_sample_gives_the_functions_app_api_keys_that_pass_the_startup_checks()
    {
        var settings = SampleSettings().Where(setting => setting.Key.StartsWith("Orchestrator__ApiKeys__", StringComparison.Ordinal))
            .ToDictionary(setting => setting.Key, setting => setting.Value);

        var options = Bind<ApiKeyOptions>(Configuration(settings), ApiKeyOptions.SectionName);

        Assert.Empty(ApiKeyRegistry.Problems(options));
        Assert.Contains(options.Keys, key => !key.Admin && !string.IsNullOrEmpty(key.Team) && !string.IsNullOrEmpty(key.Sha256));
        Assert.Contains(options.Keys, key => key.Admin);
    }

    /// <summary>A registry over one key written as main.bicep's apiKeySettings write it, validated as the app validates it at start.</summary>
    private static ApiKeyRegistry KeyRegistry(List<string> fields, string id, string team, string admin, string environment, string sha256)
    {
        var values = new Dictionary<string, string> { ["Id"] = id, ["Team"] = team, ["Admin"] = admin, ["Environment"] = environment, ["Sha256"] = sha256 };
        var options = Bind<ApiKeyOptions>(Configuration(fields.ToDictionary(field => $"Orchestrator__ApiKeys__Keys__0__{field}", field => values[field])), ApiKeyOptions.SectionName);
        Assert.Empty(ApiKeyRegistry.Problems(options));
        return new ApiKeyRegistry(Options.Create(options));
    }

    private static JsonElement HostJson() => JsonDocument.Parse(File.ReadAllText(RepoPaths.Combine("host.json"))).RootElement;

    private static Dictionary<string, string> SampleSettings() =>
        JsonDocument.Parse(File.ReadAllText(RepoPaths.Combine("local.settings.sample.json"))).RootElement.GetProperty("Values")
            .EnumerateObject().ToDictionary(pair => pair.Name, pair => pair.Value.GetString() ?? string.Empty, StringComparer.Ordinal);

    /// <summary>The app setting names infra/ gives the Function App (keys of the setting objects, "Name: value").</summary>
    private static HashSet<string> BicepSettingKeys() =>
        SettingKey().Matches(MainBicep + "\n" + AppBicep).Select(match => match.Groups["key"].Value)
            .Concat(VendorSecretSettings().Keys).ToHashSet(StringComparer.Ordinal);

    /// <summary>main.bicep's vendorSecretNames: app setting -> Key Vault secret name.</summary>
    private static Dictionary<string, string> VendorSecretSettings()
    {
        var block = Regex.Match(MainBicep, @"var vendorSecretNames = \{(?<body>[^}]*)\}");
        Assert.True(block.Success, "infra/main.bicep should declare vendorSecretNames.");
        return VendorSecret().Matches(block.Groups["body"].Value).ToDictionary(match => match.Groups["key"].Value, match => match.Groups["secret"].Value, StringComparer.Ordinal);
    }

    /// <summary>The quoted strings of the Bicep line that starts with <paramref name="prefix"/>.</summary>
    private static List<string> BicepStrings(string prefix)
    {
        var line = MainBicep.Split('\n').Single(text => text.TrimStart().StartsWith(prefix, StringComparison.Ordinal));
        return Regex.Matches(line, "'(?<value>[^'$]*)'").Select(match => match.Groups["value"].Value).ToList();
    }

    private static IConfiguration Configuration(Dictionary<string, string> settings) => new ConfigurationBuilder()
        .AddInMemoryCollection(settings.Select(setting => KeyValuePair.Create(setting.Key.Replace("__", ":", StringComparison.Ordinal), (string?)setting.Value)))
        .Build();

    private static string SectionOf(string key)
    {
        var parts = key.Split("__");
        return $"{parts[0]}:{parts[1]}";
    }

    private static T Bind<T>(IConfiguration configuration, string section) =>
        configuration.GetSection(section).Get<T>(binder => binder.ErrorOnUnknownConfiguration = true)
        ?? throw new InvalidOperationException($"Nothing bound under {section}.");

    /// <summary>Every string property of the vendor settings that holds a key or a secret, with its path.</summary>
    private static IEnumerable<(string Path, string? Value)> SecretProperties(VendorsOptions vendors) =>
        typeof(VendorsOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(vendor => vendor.PropertyType.IsClass && vendor.PropertyType != typeof(string))
            .SelectMany(vendor => vendor.PropertyType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(property => property.PropertyType == typeof(string) && SecretName().IsMatch(property.Name))
                .Select(property => ($"{vendor.Name}:{property.Name}", (string?)property.GetValue(vendor.GetValue(vendors)))));

    [GeneratedRegex(@"^\s*(?<key>[A-Za-z][A-Za-z0-9]*(__[A-Za-z0-9]+)+|OrchestratorTaskHub)\s*:", RegexOptions.Multiline)]
    private static partial Regex SettingKey();

    [GeneratedRegex(@"'Orchestrator__ApiKeys__Keys__\$\{i\}__(?<field>\w+)':")]
    private static partial Regex ApiKeySetting();

    [GeneratedRegex(@"(?<key>Orchestrator__\w+):\s*'(?<secret>[^']+)'")]
    private static partial Regex VendorSecret();

    [GeneratedRegex("(Key|Secret)$")]
    private static partial Regex SecretName();
}
