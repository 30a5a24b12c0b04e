using System.Globalization;
using System.Xml.Linq;

namespace Orchestrator.Storage.Blobs;

/// <summary>Reads one page of the List Blobs XML (EnumerationResults) into items and the next marker.</summary>
internal static class BlobListing
{
    public static (IReadOnlyList<BlobItem> Items, string? NextMarker) Parse(Stream xml)
    {
        var root = XDocument.Load(xml).Root ?? throw new InvalidDataException("List Blobs returned an empty document.");
        var items = root.Element("Blobs")?.Elements("Blob").Select(ParseBlob).ToList() ?? [];
        var next = root.Element("NextMarker")?.Value;
        return (items, string.IsNullOrEmpty(next) ? null : next);
    }

    private static BlobItem ParseBlob(XElement blob)
    {
        var properties = blob.Element("Properties");
        string? Property(string name) => properties?.Element(name)?.Value is { Length: > 0 } value ? value : null;
        var md5 = Property("Content-MD5");
        var lastModified = Property("Last-Modified");
        var etag = Property("Etag");
        return new BlobItem(
            blob.Element("Name")?.Value ?? throw new InvalidDataException("List Blobs returned a blob without a name."),
            new BlobProperties(
                long.Parse(Property("Content-Length") ?? "0", CultureInfo.InvariantCulture),
                Property("Content-Type"),
                md5 is null ? null : Convert.FromBase64String(md5),
                etag is null ? default : new ETag(etag),
                lastModified is null ? default : DateTimeOffset.Parse(lastModified, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                blob.Element("Metadata")?.Elements().ToDictionary(e => e.Name.LocalName, e => e.Value, StringComparer.OrdinalIgnoreCase)
                    ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)));
    }
}
