using System.Text.Json;
using Orchestrator.Testing;
using static Orchestrator.Provenance.Tests.TestFiles;

namespace Orchestrator.Provenance.Tests;

/// <summary>The built `orchestrator provenance` command, run as a child process: JSON on stdout, exit codes, one readable error line.</summary>
public sealed class ProvenanceCliTests
{
    private const string PinnedInstant = "2030-01-01T00:00:00Z";

    [Fact]
    public async Task A_valid_file_prints_its_verdict_as_json_and_exits_zero()
    {
        var (exit, stdout, stderr) = await RunAsync("provenance", Shared("video1.mp4"), "--at", PinnedInstant);

        Assert.Equal(0, exit);
        Assert.Empty(stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal("Valid", json.RootElement.GetProperty("state").GetString());
        Assert.Equal("bmff", json.RootElement.GetProperty("container").GetString());
        Assert.Equal("C2PA Signer", json.RootElement.GetProperty("signer").GetProperty("commonName").GetString());
        Assert.Contains(json.RootElement.GetProperty("statuses").EnumerateArray(), s => s.GetProperty("code").GetString() == "assertion.bmffHash.match");
    }

    [Fact]
    public async Task Trust_anchors_from_a_pem_file_make_the_verdict_trusted()
    {
        var (exit, stdout, _) = await RunAsync("provenance", Generated("v2_es256_ai.mp4"), "--trust-anchor", Generated("root.pem"), "--at", PinnedInstant);

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal("Trusted", json.RootElement.GetProperty("state").GetString());
        Assert.True(json.RootElement.GetProperty("aiGeneratedDeclared").GetBoolean());
    }

    [Fact]
    public async Task A_fragmented_mp4_is_validated_with_its_fragments()
    {
        var alone = await RunAsync("provenance", Shared("dashinit.mp4"));
        var withFragment = await RunAsync("provenance", Shared("dashinit.mp4"), "--fragment", Shared("dash1.m4s"));

        Assert.Equal(1, alone.ExitCode);
        Assert.Equal(0, withFragment.ExitCode);
        Assert.Equal("Valid", JsonDocument.Parse(withFragment.Stdout).RootElement.GetProperty("state").GetString());
    }

    [Fact]
    public async Task An_invalid_file_exits_one_and_an_absent_manifest_exits_three()
    {
        var invalid = await RunAsync("provenance", Shared("legacy.mp4"));
        var absent = await RunAsync("provenance", Shared("no_manifest.jpg"));

        Assert.Equal(1, invalid.ExitCode);
        Assert.Equal("Invalid", JsonDocument.Parse(invalid.Stdout).RootElement.GetProperty("state").GetString());
        Assert.Equal(3, absent.ExitCode);
        Assert.Equal("Absent", JsonDocument.Parse(absent.Stdout).RootElement.GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_missing_file_gives_one_readable_line_and_exit_two()
    {
        var (exit, stdout, stderr) = await RunAsync("provenance", "/nonexistent/clip.mp4");

        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("provenance: ", line);
        Assert.Contains("clip.mp4", line);
    }

    [Fact]
    public async Task A_file_that_is_not_media_gives_one_readable_line_and_exit_two()
    {
        var (exit, stdout, stderr) = await RunAsync("provenance", Shared("README.md"));

        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        Assert.Equal("provenance: Not an ISO-BMFF (MP4/MOV/M4A) or JPEG file.", stderr.Trim());
    }

    [Fact]
    public async Task A_command_line_that_does_not_parse_exits_two_not_the_invalid_verdicts_one()
    {
        var (exit, stdout, stderr) = await RunAsync("provenance", Shared("video1.mp4"), "--at", "not-a-date");

        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--at", line);
    }

    private static Task<ProgramRun> RunAsync(params string[] arguments) => OrchestratorCli.RunAsync(arguments);
}
