using System.Text.RegularExpressions;

namespace Orchestrator.Storage;

/// <summary>The naming rules of containers, queues, tables and blobs, checked before any request so a bad name is a clear local error.</summary>
internal static partial class StorageNames
{
    /// <summary>Containers and queues: 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.</summary>
    public static string ContainerOrQueue(string name, string what)
    {
        ArgumentNullException.ThrowIfNull(name);
        return ContainerOrQueuePattern().IsMatch(name)
            ? name
            : throw new ArgumentException($"'{name}' is not a valid {what} name: 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.", nameof(name));
    }

    /// <summary>Tables: 3-63 letters and digits, starting with a letter.</summary>
    public static string Table(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return TablePattern().IsMatch(name)
            ? name
            : throw new ArgumentException($"'{name}' is not a valid table name: 3-63 letters and digits, starting with a letter.", nameof(name));
    }

    /// <summary>A blob name as a URI path: each '/'-separated segment escaped, the separators kept (virtual folders).</summary>
    public static string BlobPath(string blobName)
    {
        ArgumentNullException.ThrowIfNull(blobName);
        if (blobName.Length is 0 or > 1024)
        {
            throw new ArgumentException("A blob name must be 1 to 1024 characters long.", nameof(blobName));
        }
        return string.Join('/', blobName.Split('/').Select(Uri.EscapeDataString));
    }

    [GeneratedRegex("^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex ContainerOrQueuePattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TablePattern();
}
