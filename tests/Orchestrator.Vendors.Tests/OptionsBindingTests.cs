using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Orchestrator.Emulator;
using Orchestrator.Testing;

namespace Orchestrator.Vendors.Tests;

/// <summary>The vendor options bind from Orchestrator:Vendors the way the hosts bind them, and the sample settings match the emulator's credentials.</summary>
public sealed class OptionsBindingTests
{
    [Fact]
    public void The_sample_settings_bind_and_carry_the_emulators_credentials()
    {
        using var file = File.OpenRead(RepoPaths.Combine("local.settings.sample.json"));
        var values = JsonDocument.Parse(file).RootElement.GetProperty("Values").EnumerateObject()
            .Select(pair => new KeyValuePair<string, string?>(pair.Name.Replace("__", ":", StringComparison.Ordinal), pair.Value.GetString()));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();

        var options = configuration.GetSection(VendorsOptions.SectionName).Get<VendorsOptions>()!;
        var emulator = new EmulatorOptions();

        Assert.Equal(new Uri("http://127.0.0.1:5080/openai/v1/"), options.OpenAI.BaseUrl);
        Assert.Equal(emulator.OpenAiWebhookSecret, options.OpenAI.WebhookSecret);
        Assert.Equal((emulator.KlingAccessKey, emulator.KlingSecretKey), (options.Kling.AccessKey, options.Kling.SecretKey));
        Assert.Equal(emulator.FalApiKey, options.Fal.ApiKey);
        Assert.Equal("2024-11-06", options.Runway.ApiVersion);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Resilience.AttemptTimeout);
        Assert.Equal(6, options.Kling.Resilience!.MaxRetries);
        Assert.Null(options.Luma.Resilience);
        using var clients = new VendorClients(options);
        Assert.Equal(6, clients.All.Count);
        Assert.NotNull(clients.Moderation("azure-content-safety"));
    }

    [Fact]
    public void Empty_configuration_gives_the_vendors_public_endpoints()
    {
        var options = new ConfigurationBuilder().Build().GetSection(VendorsOptions.SectionName).Get<VendorsOptions>() ?? new VendorsOptions();

        Assert.Equal(new Uri("https://api.openai.com/v1/"), options.OpenAI.BaseUrl);
        Assert.Equal(new Uri("https://queue.fal.run/"), options.Fal.QueueUrl);
        Assert.Equal(new Uri("https://api.lumalabs.ai/dream-machine/v1/"), options.Luma.BaseUrl);
        Assert.Equal(new Uri("https://ark.ap-southeast.bytepluses.com/api/v3/"), options.Byteplus.BaseUrl);
    }
}
