using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Orchestrator.Provenance;

namespace Orchestrator.Cli.Commands;

/// <summary>
/// `orchestrator provenance &lt;file&gt;`: validates a file's C2PA manifest and prints the verdict as JSON.
/// Exit codes: 0 valid or trusted, 1 invalid, 3 no manifest, 2 the file cannot be read or is not MP4/MOV/M4A/JPEG.
/// </summary>
public static class ProvenanceCommand
{
    public const int ExitValid = 0;
    public const int ExitInvalid = 1;
    public const int ExitError = 2;
    public const int ExitAbsent = 3;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // a terminal, not HTML
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "The MP4/MOV/M4A or JPEG file to check." };
        var anchors = new Option<FileInfo[]>("--trust-anchor") { Description = "PEM file of trusted signer roots (repeatable).", AllowMultipleArgumentsPerToken = true };
        var tsaAnchors = new Option<FileInfo[]>("--tsa-anchor") { Description = "PEM file of trusted time-stamp authority roots (repeatable).", AllowMultipleArgumentsPerToken = true };
        var fragments = new Option<FileInfo[]>("--fragment") { Description = "A media fragment of a fragmented MP4 whose init segment is <file> (repeatable).", AllowMultipleArgumentsPerToken = true };
        var at = new Option<DateTimeOffset?>("--at") { Description = "Check certificate validity at this instant (ISO 8601) when a signature has no time-stamp; default now." };
        var command = new Command("provenance", "Validate a file's C2PA provenance manifest and print the verdict as JSON.") { file, anchors, tsaAnchors, fragments, at };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var options = new ProvenanceOptions
                {
                    TrustAnchors = ProvenanceOptions.LoadPemCertificates((parse.GetValue(anchors) ?? []).Select(f => f.FullName)),
                    TimestampAnchors = ProvenanceOptions.LoadPemCertificates((parse.GetValue(tsaAnchors) ?? []).Select(f => f.FullName)),
                    ValidationTime = parse.GetValue(at),
                };
                var validator = new C2paValidator(options);
                var path = parse.GetValue(file)!.FullName;
                var fragmentPaths = parse.GetValue(fragments) ?? [];
                ProvenanceReport report;
                if (fragmentPaths.Length == 0)
                {
                    report = await validator.ValidateFileAsync(path, cancellationToken);
                }
                else
                {
                    await using var init = File.OpenRead(path);
                    var streams = fragmentPaths.Select(f => (Stream)File.OpenRead(f.FullName)).ToList();
                    try
                    {
                        report = await validator.ValidateFragmentedAsync(init, streams, cancellationToken);
                    }
                    finally
                    {
                        foreach (var stream in streams)
                        {
                            await stream.DisposeAsync();
                        }
                    }
                }
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(report, Json));
                return report.State switch
                {
                    ProvenanceState.Valid or ProvenanceState.Trusted => ExitValid,
                    ProvenanceState.Absent => ExitAbsent,
                    _ => ExitInvalid,
                };
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or CryptographicException or ArgumentException)
            {
                await Console.Error.WriteLineAsync($"provenance: {e.Message}");
                return ExitError;
            }
        });
        return command;
    }
}
