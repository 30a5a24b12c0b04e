using System.Text.Json;

namespace Orchestrator.Core;

/// <summary>Reads the JSON data files Core ships as embedded resources, or an operator's replacement file.</summary>
internal static class DataFiles
{
    public static T Read<T>(string resourceName, string? overridePath)
    {
        if (!string.IsNullOrWhiteSpace(overridePath))
        {
            // The one file read in Core: an operator's replacement catalog, read once at start-up.
            using var file = File.OpenRead(overridePath);
            return Deserialize<T>(file, overridePath);
        }
        using var resource = typeof(DataFiles).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"The embedded resource {resourceName} is missing from Orchestrator.Core.");
        return Deserialize<T>(resource, resourceName);
    }

    public static T Deserialize<T>(Stream json, string origin)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, CoreJson.StrictData)
                ?? throw new CatalogFormatException($"{origin} holds JSON null.");
        }
        catch (JsonException exception)
        {
            throw new CatalogFormatException($"{origin} is not a valid catalog: {exception.Message}", exception);
        }
    }
}
