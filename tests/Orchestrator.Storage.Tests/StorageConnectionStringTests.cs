namespace Orchestrator.Storage.Tests;

public sealed class StorageConnectionStringTests
{
    private const string Key = "a2V5a2V5a2V5a2V5";

    [Fact]
    public void Development_storage_means_azurite_on_its_default_ports()
    {
        var parsed = StorageConnectionString.Parse("UseDevelopmentStorage=true");

        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), parsed.BlobEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), parsed.QueueEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), parsed.TableEndpoint);
        Assert.Equal("devstoreaccount1", parsed.Credential.Name);
    }

    [Fact]
    public void An_account_key_string_derives_the_azure_endpoints()
    {
        var parsed = StorageConnectionString.Parse($"DefaultEndpointsProtocol=https;AccountName=studio;AccountKey={Key};EndpointSuffix=core.windows.net");

        Assert.Equal(new Uri("https://studio.blob.core.windows.net"), parsed.BlobEndpoint);
        Assert.Equal(new Uri("https://studio.queue.core.windows.net"), parsed.QueueEndpoint);
        Assert.Equal(new Uri("https://studio.table.core.windows.net"), parsed.TableEndpoint);
        Assert.Equal("studio", parsed.Credential.Name);
    }

    [Fact]
    public void Explicit_endpoints_win_and_keep_their_path()
    {
        var parsed = StorageConnectionString.Parse(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};BlobEndpoint=http://127.0.0.1:41000/devstoreaccount1;" +
            "QueueEndpoint=http://127.0.0.1:41001/devstoreaccount1;TableEndpoint=http://127.0.0.1:41002;");

        Assert.Equal(new Uri("http://127.0.0.1:41000/devstoreaccount1"), parsed.BlobEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:41001/devstoreaccount1"), parsed.QueueEndpoint);
        Assert.Equal(new Uri("http://127.0.0.1:41002/devstoreaccount1"), parsed.TableEndpoint); // the emulator account is path-style
    }

    [Theory]
    [InlineData("AccountName=studio", "AccountKey is missing")]
    [InlineData("AccountKey=a2V5;EndpointSuffix=core.windows.net", "AccountName is missing")]
    [InlineData("AccountName=studio;AccountKey=not base64!", "not valid base64")]
    [InlineData("AccountName=studio;AccountKey=a2V5;DefaultEndpointsProtocol=ftp", "http or https")]
    [InlineData("AccountName=studio;AccountKey=a2V5;BlobEndpoint=not-a-uri", "BlobEndpoint")]
    [InlineData("BlobEndpoint=https://x.blob.core.windows.net;SharedAccessSignature=sv=2025&sig=abc", "not supported")]
    [InlineData("AccountName=studio;a2V5a2V5c2VjcmV0", "Name=Value")]
    public void A_bad_connection_string_gets_a_clear_message_that_never_repeats_the_key(string connectionString, string expected)
    {
        var error = Assert.Throws<FormatException>(() => StorageConnectionString.Parse(connectionString));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("a2V5", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("abc", error.Message, StringComparison.Ordinal);
    }
}
