using Orchestrator.Provenance.Cbor;

namespace Orchestrator.Provenance.Hashing;

/// <summary>The c2pa.hash.data hard binding: a hash of the whole file minus byte-range exclusions (JPEG and other non-box formats).</summary>
internal static class DataHashBinding
{
    public static async Task<bool> MatchesAsync(Stream stream, CborValue assertion, string? defaultAlgorithm, CancellationToken cancellationToken)
    {
        var (algorithm, expected) = BindingFields.Read(assertion, defaultAlgorithm);
        var exclusions = new List<ByteRange>();
        foreach (var item in assertion["exclusions"]?.Untagged().Items ?? [])
        {
            var start = item["start"]?.AsInt64();
            var length = item["length"]?.AsInt64();
            if (start is null or < 0 || length is null or < 0)
            {
                throw new C2paFormatException("c2pa.hash.data: an exclusion lacks a start or length.");
            }
            exclusions.Add(new ByteRange(start.Value, length.Value));
        }
        var actual = await RangeHasher.HashAsync(stream, algorithm, exclusions, null, cancellationToken).ConfigureAwait(false);
        return actual.AsSpan().SequenceEqual(expected.Span);
    }
}
