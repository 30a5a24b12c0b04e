using System.CommandLine;
using System.CommandLine.Invocation;

// The `orchestrator` command line. Each command lives in its own file under Commands/ and is added here.
var root = new RootCommand("Orchestrator: durable AI-video generation jobs across vendors.");
root.Subcommands.Add(Orchestrator.Cli.Commands.QuoteCommand.Create());
root.Subcommands.Add(Orchestrator.Cli.Commands.ProvenanceCommand.Create());

var parsed = root.Parse(args);
if (parsed.Action is ParseErrorAction)
{
    // A command line that does not parse is bad input: exit 2 with one readable line per problem (as `quote` does),
    // never the exit codes commands give their verdicts (e.g. 1 = invalid provenance).
    foreach (var error in parsed.Errors)
    {
        Console.Error.WriteLine($"orchestrator: {error.Message}");
    }
    return 2;
}
return await parsed.InvokeAsync();
