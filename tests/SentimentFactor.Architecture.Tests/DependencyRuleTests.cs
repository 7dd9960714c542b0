using System.Text.RegularExpressions;

namespace SentimentFactor.Architecture.Tests;

/// <summary>The dependency rules of docs/architecture.md, checked on the compiled assemblies and the project files.</summary>
public sealed partial class DependencyRuleTests
{
    // What performing I/O takes: files and streams, sockets and HTTP, processes, the console, a database, a model
    // runtime, a logger. Core computes; whoever calls it does the I/O.
    private static readonly string[] InputOutput =
    [
        "System.IO.", "System.Net.", "System.Console", "System.Diagnostics.Process",
        "Npgsql", "Dapper.", "Microsoft.ML.OnnxRuntime.", "Microsoft.Extensions.Logging.", "Microsoft.Extensions.Http",
    ];

    // Iterators the compiler writes read Environment.CurrentManagedThreadId; any other member of Environment
    // (variables, the command line, the machine) is input.
    private const string ThreadIdOfIterators = "System.Environment::get_CurrentManagedThreadId";

    /// <summary>
    /// The Npgsql types that may cross the Storage boundary: the handle a store is given, and the connection settings
    /// it is made from. Commands, connections, importers and exceptions stay inside Storage.
    /// </summary>
    private static readonly HashSet<string> Handles = new(StringComparer.Ordinal) { "Npgsql.NpgsqlDataSource", "Npgsql.NpgsqlConnectionStringBuilder" };

    public static TheoryData<string> Stages => new(Projects.Stages);

    public static TheoryData<string> AllButStorage => new(Projects.AllButStorage);

    public static TheoryData<string> Composers => new(Projects.Composers);

    public static TheoryData<string> All => new(Projects.All);

    [Fact]
    public void Core_references_no_project_of_ours()
    {
        None(Projects.DeclaredReferences(Projects.Core), "Core's project file references a project of ours (rule 1 of docs/architecture.md)");
        None(Ours(CompiledAssembly.Of(Projects.Core).ReferencedAssemblies), "Core uses a project of ours (rule 1 of docs/architecture.md)");
    }

    [Fact]
    public void Core_performs_no_io()
    {
        var core = CompiledAssembly.Of(Projects.Core);
        var types = core.ReferencedTypes.Where(t => InputOutput.Any(prefix => t.StartsWith(prefix, StringComparison.Ordinal)));
        var environment = core.ReferencedMembers.Where(m => m.StartsWith("System.Environment::", StringComparison.Ordinal) && m != ThreadIdOfIterators);

        None(types.Concat(environment), "Core uses I/O (rule 1 of docs/architecture.md)");
    }

    [Theory]
    [MemberData(nameof(Stages))]
    public void A_stage_references_no_other_stage(string stage)
    {
        var others = Projects.Stages.Where(s => s != stage).ToHashSet(StringComparer.Ordinal);

        var declared = Projects.DeclaredReferences(stage).Where(others.Contains).ToList();
        var used = CompiledAssembly.Of(stage).ReferencedAssemblies.Where(others.Contains).ToList();

        None(declared, $"{stage}'s project file references another stage (rule 2 of docs/architecture.md)");
        None(used, $"{stage} uses another stage (rule 2 of docs/architecture.md)");
    }

    [Theory]
    [InlineData(Projects.Storage)]
    [InlineData(Projects.Modeling)]
    public void Storage_and_modeling_serve_the_stages_and_reference_only_core(string project)
    {
        var declared = Projects.DeclaredReferences(project).Where(p => p != Projects.Core);
        var used = Ours(CompiledAssembly.Of(project).ReferencedAssemblies).Where(p => p != Projects.Core);

        None(declared, $"{project}'s project file references more than Core (docs/architecture.md, the parts)");
        None(used, $"{project} uses more than Core (docs/architecture.md, the parts)");
    }

    [Theory]
    [MemberData(nameof(AllButStorage))]
    public void Npgsql_and_dapper_are_used_only_in_storage(string project)
    {
        var used = CompiledAssembly.Of(project).ReferencedTypes
            .Where(t => (t.StartsWith("Npgsql", StringComparison.Ordinal) && !Handles.Contains(t)) || t.StartsWith("Dapper.", StringComparison.Ordinal));

        None(used, $"{project} uses the database driver outside Storage (rule 3 of docs/architecture.md)");
    }

    [Theory]
    [MemberData(nameof(AllButStorage))]
    public void Sql_text_appears_only_in_storage(string project)
    {
        // A statement a message tells the user to type into psql is part of the message, not a query the code runs.
        var sql = CompiledAssembly.Of(project).StringLiterals
            .Where(l => SqlStatement().IsMatch(l.Text) && !l.Text.Contains("sf db psql", StringComparison.Ordinal))
            .Select(l => $"{l.Member}: {l.Text.ReplaceLineEndings(" ")}");

        None(sql, $"{project} holds SQL text outside Storage (rule 3 of docs/architecture.md)");
    }

    [Theory]
    [MemberData(nameof(Composers))]
    public void Cli_and_jobs_hold_no_model_runtime_or_database_logic(string project)
    {
        var used = CompiledAssembly.Of(project).ReferencedTypes
            .Where(t => t.StartsWith("Microsoft.ML.OnnxRuntime", StringComparison.Ordinal) || t.StartsWith("Dapper", StringComparison.Ordinal));

        None(used, $"{project} runs a model or queries the database itself instead of calling a stage (rule 4 of docs/architecture.md)");
    }

    [Fact]
    public void Jobs_leaves_files_and_folders_to_the_stages()
    {
        // The nightly chain schedules and records; scanning the drop folder and moving loaded files is Ingest's sweep.
        var used = CompiledAssembly.Of(Projects.Jobs).ReferencedTypes
            .Where(t => t is "System.IO.File" or "System.IO.Directory" or "System.IO.FileInfo" or "System.IO.DirectoryInfo" or "System.IO.FileStream");

        None(used, $"{Projects.Jobs} works on files itself instead of calling a stage (rule 4 of docs/architecture.md)");
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Test_support_ships_in_no_production_assembly(string project)
    {
        // The reference forward pass lives in tests/SentimentFactor.Modeling.Testing; production shares only its
        // mask value, BertBatch.MaskValue (docs/architecture.md, "Dependency rules").
        var assembly = CompiledAssembly.Of(project);
        var types = assembly.DefinedTypes.Where(t => t.EndsWith(".ReferenceBert", StringComparison.Ordinal));
        var support = assembly.ReferencedAssemblies.Where(a => a.EndsWith(".Testing", StringComparison.Ordinal) || a.StartsWith("xunit", StringComparison.Ordinal));

        None(types.Concat(support), $"{project} carries test support (issue #18, docs/architecture.md)");
    }

    [Fact]
    public void Benchmark_baselines_stay_out_of_the_stages()
    {
        // Hugging Face tokenizers (a native library) is only sf bench score's baseline: the CLI holds it, no stage
        // ships it (docs/architecture.md, "Dependency rules").
        var findings = Projects.Stages.Concat([Projects.Core, Projects.Storage, Projects.Modeling])
            .SelectMany(p => CompiledAssembly.Of(p).ReferencedAssemblies.Where(a => a.StartsWith("Tokenizers.DotNet", StringComparison.Ordinal)).Select(a => $"{p} -> {a}"));

        None(findings, "a stage carries sf bench score's Hugging Face tokenizers baseline");
        Assert.Contains(CompiledAssembly.Of(Projects.Cli).ReferencedAssemblies, a => a.StartsWith("Tokenizers.DotNet", StringComparison.Ordinal));
    }

    [Fact]
    public void The_rules_see_what_they_check()
    {
        // Guards the tests above against passing because they read nothing: Storage really uses what they look for.
        var storage = CompiledAssembly.Of(Projects.Storage);
        Assert.Contains(storage.ReferencedTypes, t => t.StartsWith("Dapper.", StringComparison.Ordinal));
        Assert.Contains(storage.ReferencedTypes, t => t.StartsWith("Npgsql.NpgsqlBinaryImporter", StringComparison.Ordinal));
        Assert.Contains(storage.StringLiterals, l => SqlStatement().IsMatch(l.Text));
        Assert.Contains("SentimentFactor.Modeling.Reference.BertBatch", CompiledAssembly.Of(Projects.Modeling).DefinedTypes);
        Assert.Contains(CompiledAssembly.Of(Projects.Scoring).ReferencedTypes, t => t.StartsWith("Microsoft.ML.OnnxRuntime.", StringComparison.Ordinal));
        Assert.Contains(Projects.Ingest, Projects.DeclaredReferences(Projects.Cli));
        Assert.Contains(Projects.Storage, CompiledAssembly.Of(Projects.Ingest).ReferencedAssemblies);
        Assert.Contains("System.IO.Directory", CompiledAssembly.Of(Projects.Ingest).ReferencedTypes);
    }

    // Fails with every finding on its own line (Assert.Empty would cut them short).
    private static void None(IEnumerable<string> findings, string rule)
    {
        var list = findings.Order(StringComparer.Ordinal).ToList();
        if (list.Count > 0)
        {
            Assert.Fail($"{rule}:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", list)}");
        }
    }

    private static IEnumerable<string> Ours(IEnumerable<string> assemblies) =>
        assemblies.Where(a => a.StartsWith("SentimentFactor.", StringComparison.Ordinal));

    // A statement as our SQL writes it (upper-case keywords): enough to tell a query from a message that names a table.
    [GeneratedRegex(@"\b(SELECT\b[\s\S]+\bFROM|INSERT\s+INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM|(CREATE|DROP|ALTER)\s+(DATABASE|TABLE|INDEX|SCHEMA|ROLE)|COPY\s+\S+.*\bFROM\s+STDIN)\b")]
    private static partial Regex SqlStatement();
}
