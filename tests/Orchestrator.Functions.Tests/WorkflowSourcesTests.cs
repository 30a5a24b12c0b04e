using System.Text.RegularExpressions;
using System.Xml.Linq;
using Orchestrator.Durable;
using Orchestrator.Testing;

namespace Orchestrator.Functions.Tests;

/// <summary>
/// The Functions app compiles the workflow's sources (all but Hosting/) against Microsoft.DurableTask. A linked file that
/// names the embedded engine, or a type only the engine has, would compile here and break only the Azure build.
/// </summary>
public sealed class WorkflowSourcesTests
{
    /// <summary>The engine's namespaces that mirror Microsoft.DurableTask (the workflow's global usings).</summary>
    private static readonly HashSet<string> Mirrored = new(StringComparer.Ordinal)
    {
        "Orchestrator.Durable", "Orchestrator.Durable.Entities", "Orchestrator.Durable.Client", "Orchestrator.Durable.Client.Entities",
    };

    [Fact]
    public void The_linked_workflow_sources_name_neither_the_engine_nor_its_engine_only_types()
    {
        var engineOnly = typeof(DurableTaskRegistry).Assembly.GetExportedTypes()
            .Where(type => !Mirrored.Contains(type.Namespace!))
            .Select(type => type.Name.Split('`')[0])
            .Distinct()
            .ToList();
        var offending = new List<string>();

        foreach (var file in LinkedFiles())
        {
            var text = File.ReadAllText(file);
            var mentions = Regex.Matches(text, @"\bOrchestrator\.Durable\b").Select(match => "Orchestrator.Durable")
                .Concat(engineOnly.Where(name => Regex.IsMatch(text, $@"\b{Regex.Escape(name)}\b")));
            offending.AddRange(mentions.Distinct().Select(mention => $"{Path.GetRelativePath(RepoPaths.Root, file)}: {mention}"));
        }

        Assert.NotEmpty(engineOnly);
        Assert.True(offending.Count == 0, "Linked into the Functions app but engine-only:\n" + string.Join("\n", offending));
    }

    /// <summary>The workflow files the Functions project compiles, by its own Compile item (Include minus Exclude folders).</summary>
    private static IEnumerable<string> LinkedFiles()
    {
        var projectFolder = FunctionSources.Folder;
        var compile = XDocument.Load(Path.Combine(projectFolder, "Orchestrator.Functions.csproj")).Descendants("Compile")
            .Single(item => item.Attribute("Include")?.Value == "../Orchestrator.Workflow/**/*.cs");
        var excluded = (compile.Attribute("Exclude")?.Value ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(pattern => Path.GetFullPath(Path.Combine(projectFolder, pattern.Replace("/**", string.Empty, StringComparison.Ordinal))) + Path.DirectorySeparatorChar)
            .ToList();
        Assert.Contains(excluded, folder => folder.EndsWith($"Hosting{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        return Directory.EnumerateFiles(RepoPaths.Combine("src", "Orchestrator.Workflow"), "*.cs", SearchOption.AllDirectories)
            .Where(file => !excluded.Any(folder => file.StartsWith(folder, StringComparison.Ordinal)));
    }
}
