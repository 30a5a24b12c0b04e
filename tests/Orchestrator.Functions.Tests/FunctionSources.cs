using System.Reflection;
using System.Text.RegularExpressions;
using Orchestrator.Testing;
using Orchestrator.Workflow;

namespace Orchestrator.Functions.Tests;

/// <summary>One [Function] of src/Orchestrator.Functions: its resolved name, its trigger, and its declaration's text.</summary>
public sealed record FunctionDeclaration(string Name, string Trigger, string Text, string File);

/// <summary>
/// The functions of src/Orchestrator.Functions, read as C# text (the project cannot be compiled here). A name given as
/// a literal, nameof(X), a constant of the same file or a WorkflowNames constant is resolved to its value.
/// </summary>
public static partial class FunctionSources
{
    public static string Folder { get; } = RepoPaths.Combine("src", "Orchestrator.Functions");

    public static IReadOnlyList<FunctionDeclaration> All { get; } = Read();

    public static IReadOnlyList<FunctionDeclaration> WithTrigger(string trigger) => All.Where(function => function.Trigger == trigger).ToList();

    /// <summary>The C# files of the project (not build output).</summary>
    public static IEnumerable<string> Files() => Directory.EnumerateFiles(Folder, "*.cs", SearchOption.AllDirectories)
        .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            && !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    /// <summary>The value of a string constant declared in a file of the project, e.g. BulkJobStarter.QueueName.</summary>
    public static string Constant(string fileName, string name)
    {
        var file = Files().Single(path => Path.GetFileName(path) == fileName);
        return Resolve(name, File.ReadAllText(file));
    }

    /// <summary>The fields of a timer function's NCRONTAB schedule, given as a literal or a constant of its file.</summary>
    public static string[] TimerSchedule(FunctionDeclaration function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var schedule = TimerTriggerSchedule().Match(function.Text);
        if (!schedule.Success)
        {
            throw new InvalidOperationException($"{function.File}: {function.Name} has no [TimerTrigger(schedule)].");
        }
        return Resolve(schedule.Groups["expression"].Value, File.ReadAllText(Path.Combine(Folder, function.File))).Split(' ');
    }

    private static List<FunctionDeclaration> Read()
    {
        var functions = new List<FunctionDeclaration>();
        foreach (var file in Files())
        {
            var text = File.ReadAllText(file);
            var declarations = FunctionAttribute().Matches(text);
            for (var i = 0; i < declarations.Count; i++)
            {
                var start = declarations[i].Index;
                var end = i + 1 < declarations.Count ? declarations[i + 1].Index : text.Length;
                var declaration = text[start..end];
                var trigger = TriggerAttribute().Match(declaration);
                functions.Add(new FunctionDeclaration(
                    Resolve(declarations[i].Groups["name"].Value, text),
                    trigger.Success ? trigger.Groups["trigger"].Value : "(none)",
                    declaration,
                    Path.GetRelativePath(Folder, file)));
            }
        }
        return functions;
    }

    private static string Resolve(string expression, string fileText)
    {
        expression = expression.Trim();
        if (expression.StartsWith('"') && expression.EndsWith('"'))
        {
            return expression[1..^1];
        }
        if (NameOf().Match(expression) is { Success: true } nameOf)
        {
            return nameOf.Groups["name"].Value.Split('.')[^1];
        }
        if (expression.StartsWith(nameof(WorkflowNames) + ".", StringComparison.Ordinal))
        {
            var field = typeof(WorkflowNames).GetField(expression[(nameof(WorkflowNames).Length + 1)..], BindingFlags.Public | BindingFlags.Static);
            return (string?)field?.GetRawConstantValue() ?? throw new InvalidOperationException($"WorkflowNames has no constant '{expression}'.");
        }
        var constant = Regex.Match(fileText, $@"const\s+string\s+{Regex.Escape(expression)}\s*=\s*(?<value>[^;]+);");
        if (!constant.Success)
        {
            throw new InvalidOperationException($"Cannot resolve the function name expression '{expression}'.");
        }
        return string.Concat(constant.Groups["value"].Value.Split('+').Select(part => Resolve(part, fileText)));
    }

    [GeneratedRegex(@"\[Function\((?<name>[^)\]]*\)?)\)\]")]
    private static partial Regex FunctionAttribute();

    [GeneratedRegex(@"\[(?<trigger>OrchestrationTrigger|ActivityTrigger|EntityTrigger|HttpTrigger|QueueTrigger|TimerTrigger)\b")]
    private static partial Regex TriggerAttribute();

    [GeneratedRegex(@"\[TimerTrigger\((?<expression>[^)\]]+)\)\]")]
    private static partial Regex TimerTriggerSchedule();

    [GeneratedRegex(@"^nameof\((?<name>[\w.]+)\)$")]
    private static partial Regex NameOf();
}
