using System.Collections;
using System.Reflection;
using System.Text.RegularExpressions;
using Orchestrator.Durable;
using Orchestrator.Workflow;

namespace Orchestrator.Functions.Tests;

/// <summary>
/// Durable Functions finds orchestrators, activities and entities by function name: the Functions app must declare one
/// function per task the workflow registers on the local engine, under the same name, bound to the same types.
/// </summary>
public sealed partial class FunctionNamesTests
{
    [Fact]
    public void Every_task_the_local_engine_registers_has_a_function_of_the_same_name_and_kind()
    {
        var registry = new DurableTaskRegistry();
        JobWorkflowServiceCollectionExtensions.RegisterTasks(registry);

        Assert.Equal(Sorted(Registered(registry, "Orchestrators")), Sorted(FunctionNames("OrchestrationTrigger")));
        Assert.Equal(Sorted(Registered(registry, "Activities")), Sorted(FunctionNames("ActivityTrigger")));
        Assert.Equal(Sorted(Registered(registry, "Entities")), Sorted(FunctionNames("EntityTrigger")));
    }

    [Fact]
    public void Every_activity_function_binds_its_class_input_returns_its_output_and_runs_that_class()
    {
        var activities = typeof(WorkflowNames).Assembly.GetTypes()
            .Where(type => !type.IsAbstract && ActivityTypes(type) is not null)
            .ToDictionary(type => type.Name);

        foreach (var function in FunctionSources.WithTrigger("ActivityTrigger"))
        {
            Assert.True(activities.TryGetValue(function.Name, out var activity), $"{function.Name} is not an activity class of the workflow.");
            var (input, output) = ActivityTypes(activity)!.Value;
            var signature = ActivitySignature().Match(function.Text);
            Assert.True(signature.Success, $"{function.File}: cannot read the signature of {function.Name}.");
            Assert.Equal((CSharpName(input), CSharpName(output)), (Erased(signature.Groups["input"].Value), Erased(signature.Groups["output"].Value)));
            var runner = RunnerCall().Match(function.Text);
            Assert.True(runner.Success, $"{function.File}: {function.Name} does not run its class through ActivityRunner.");
            Assert.Equal(new List<string> { activity.Name, CSharpName(input), CSharpName(output) }, TopLevelArguments(runner.Groups["arguments"].Value).Select(Erased).ToList());
        }
    }

    private static IEnumerable<string> FunctionNames(string trigger) => FunctionSources.WithTrigger(trigger).Select(function => function.Name);

    // Task names match case-insensitively (and entity names are kept lower-case), in Durable Functions as on the engine.
    private static List<string> Sorted(IEnumerable<string> names) => names.Select(name => name.ToLowerInvariant()).Order(StringComparer.Ordinal).ToList();

    // The registry keeps its tasks internal; the tests read them rather than a second list that could drift.
    private static IEnumerable<string> Registered(DurableTaskRegistry registry, string kind)
    {
        var property = typeof(DurableTaskRegistry).GetProperty(kind, BindingFlags.Instance | BindingFlags.NonPublic);
        Assert.True(property is not null, $"DurableTaskRegistry no longer has '{kind}'; update this test.");
        return ((IDictionary)property.GetValue(registry)!).Keys.Cast<TaskName>().Select(name => name.Name);
    }

    private static (Type Input, Type Output)? ActivityTypes(Type type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (current.IsGenericType && current.GetGenericTypeDefinition() == typeof(TaskActivity<,>))
            {
                var arguments = current.GetGenericArguments();
                return (arguments[0], arguments[1]);
            }
        }
        return null;
    }

    /// <summary>A type as C# source names it without namespaces: IReadOnlyList&lt;JobRequestError&gt;, string.</summary>
    private static string CSharpName(Type type) => type switch
    {
        _ when type == typeof(string) => "string",
        _ when type == typeof(int) => "int",
        _ when type == typeof(long) => "long",
        _ when type == typeof(bool) => "bool",
        _ when type == typeof(decimal) => "decimal",
        _ when type == typeof(object) => "object",
        { IsGenericType: true } => $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(CSharpName))}>",
        _ => type.Name,
    };

    /// <summary>A source type as reflection sees it: "CostLine?" (a nullable reference annotation) is the type CostLine.</summary>
    private static string Erased(string type) => type.Replace("?", string.Empty, StringComparison.Ordinal);

    /// <summary>Splits "A, B<C, D>, E" at its top-level commas.</summary>
    private static List<string> TopLevelArguments(string arguments)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < arguments.Length; i++)
        {
            depth += arguments[i] switch { '<' => 1, '>' => -1, _ => 0 };
            if (arguments[i] == ',' && depth == 0)
            {
                parts.Add(arguments[start..i].Trim());
                start = i + 1;
            }
        }
        parts.Add(arguments[start..].Trim());
        return parts;
    }

    [GeneratedRegex(@"Task<(?<output>.+?)>\s+\w+\(\[ActivityTrigger\]\s+(?<input>.+?)\s+input\b")]
    private static partial Regex ActivitySignature();

    [GeneratedRegex(@"ActivityRunner\.RunAsync<(?<arguments>.+?)>\(input\b")]
    private static partial Regex RunnerCall();
}
