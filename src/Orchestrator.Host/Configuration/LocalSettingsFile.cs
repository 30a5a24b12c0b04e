using System.Text.Json;

namespace Orchestrator.Host.Configuration;

/// <summary>
/// Reads ./local.settings.json the way Azure Functions Core Tools does: its "Values" are settings, "__" in a name standing
/// for ':' (Orchestrator__Host__Urls is Orchestrator:Host:Urls). They rank below appsettings, environment variables and
/// the command line, so `cp local.settings.sample.json local.settings.json` configures a local run. Written by hand: the
/// Functions host's reader is not available outside Functions.
/// </summary>
public static class LocalSettingsFile
{
    public const string FileName = "local.settings.json";

    public static void AddTo(ConfigurationManager configuration, string path)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (!File.Exists(path))
        {
            return;
        }
        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (!document.RootElement.TryGetProperty("Values", out var values) || values.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidOperationException($"{path} has no \"Values\" object (see local.settings.sample.json).");
        }
        var settings = values.EnumerateObject().ToDictionary(value => value.Name.Replace("__", ":", StringComparison.Ordinal), value => (string?)value.Value.ToString());
        configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = settings });
    }
}
