using System.CommandLine;

// The `orchestrator` command line. Each command lives in its own file under Commands/ and is added here.
var root = new RootCommand("Orchestrator: durable AI-video generation jobs across vendors.");
root.Subcommands.Add(Orchestrator.Cli.Commands.QuoteCommand.Create());
root.Subcommands.Add(Orchestrator.Cli.Commands.ProvenanceCommand.Create());
return await root.Parse(args).InvokeAsync();
