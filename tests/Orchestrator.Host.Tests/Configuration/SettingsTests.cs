using Orchestrator.Host.BulkQueue;
using Orchestrator.Host.Configuration;
using Orchestrator.Testing;
using Orchestrator.Workflow.Access;

namespace Orchestrator.Host.Tests.Configuration;

/// <summary>
/// The host's settings: local.settings.sample.json binds to valid host, key and bulk queue options (through the same
/// local.settings.json reader a local run uses, which ranks below environment variables), and bad key settings are
/// refused at startup with every problem named.
/// </summary>
public sealed class SettingsTests
{
    [Fact]
    public void The_sample_settings_bind_to_valid_host_key_and_bulk_queue_options()
    {
        var configuration = new ConfigurationManager();
        LocalSettingsFile.AddTo(configuration, RepoPaths.Combine("local.settings.sample.json"));

        var host = configuration.GetSection(OrchestratorHostOptions.SectionName).Get<OrchestratorHostOptions>()!;
        var keys = configuration.GetSection(ApiKeyOptions.SectionName).Get<ApiKeyOptions>()!;
        var bulk = configuration.GetSection(BulkQueueOptions.SectionName).Get<BulkQueueOptions>()!;

        Assert.Equal("http://127.0.0.1:7071", host.Urls);
        Assert.Equal(TimeSpan.FromHours(1), host.VideoLinkLifetime);
        Assert.Empty(ApiKeyRegistry.Problems(keys));
        Assert.Equal(["studio-a-ci", "local-admin"], keys.Keys.Select(key => key.Id));
        Assert.Equal(ApiKeyRegistry.HashOf("studio-a-sample-key-change-me"), keys.Keys[0].Sha256);
        Assert.Empty(bulk.Problems());
        Assert.Equal("jobs-bulk", bulk.QueueName);
        Assert.DoesNotContain("replace-with", keys.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Environment_variables_outrank_the_local_settings_file()
    {
        var folder = Directory.CreateTempSubdirectory("orchestrator-settings-");
        try
        {
            var file = Path.Combine(folder.FullName, LocalSettingsFile.FileName);
            File.WriteAllText(file, """{ "IsEncrypted": false, "Values": { "Orchestrator__Host__Urls": "http://127.0.0.1:1111", "Orchestrator__BulkQueue__QueueName": "from-file" } }""");
            var configuration = new ConfigurationManager();
            configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Orchestrator:Host:Urls"] = "http://127.0.0.1:2222" });

            LocalSettingsFile.AddTo(configuration, file);

            Assert.Equal("http://127.0.0.1:2222", configuration["Orchestrator:Host:Urls"]);
            Assert.Equal("from-file", configuration["Orchestrator:BulkQueue:QueueName"]);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Bad_key_settings_are_named_one_by_one()
    {
        var options = new ApiKeyOptions
        {
            Keys =
            [
                new ApiKeyEntry { Id = "a", Team = "t", Key = "short" },
                new ApiKeyEntry { Id = "a", Key = "long-enough-key-0123456789" },
                new ApiKeyEntry { Id = "c", Team = "t", Key = "long-enough-key-0123456789", Sha256 = new string('0', 64) },
                new ApiKeyEntry { Id = "d", Team = "t", Sha256 = "not-hex", Environment = "qa" },
                new ApiKeyEntry { Team = "t", Key = "long-enough-key-0123456789" },
            ],
        };

        var problems = ApiKeyRegistry.Problems(options).ToList();

        Assert.Contains(problems, problem => problem.Contains("Keys:0:Key must be at least 16", StringComparison.Ordinal));
        Assert.Contains(problems, problem => problem.Contains("Keys:1:Id 'a' is used by another key", StringComparison.Ordinal));
        Assert.Contains(problems, problem => problem.Contains("Keys:1: a key needs a Team unless it is Admin", StringComparison.Ordinal));
        Assert.Contains(problems, problem => problem.Contains("Keys:2: give exactly one of Sha256", StringComparison.Ordinal));
        Assert.Contains(problems, problem => problem.Contains("Keys:3:Environment 'qa'", StringComparison.Ordinal));
        Assert.Contains(problems, problem => problem.Contains("Keys:3:Sha256 must be 64 hex digits", StringComparison.Ordinal));
        Assert.Contains(problems, problem => problem.Contains("Keys:4:Id is required", StringComparison.Ordinal));
        Assert.Contains(problems, problem => problem.Contains("Keys:4: the same key is configured twice", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, problem => problem.Contains("long-enough-key", StringComparison.Ordinal));
    }
}
