namespace SentimentFactor.Architecture.Tests;

/// <summary>Our production projects, by the part they play in docs/architecture.md.</summary>
internal static class Projects
{
    public const string Core = "SentimentFactor.Core";
    public const string Storage = "SentimentFactor.Storage";
    public const string Modeling = "SentimentFactor.Modeling";
    public const string Ingest = "SentimentFactor.Ingest";
    public const string Scoring = "SentimentFactor.Scoring";
    public const string Aggregation = "SentimentFactor.Aggregation";
    public const string Research = "SentimentFactor.Research";
    public const string Cli = "SentimentFactor.Cli";
    public const string Jobs = "SentimentFactor.Jobs";

    /// <summary>The stages: each owns its logic and reaches the others only through the database.</summary>
    public static readonly string[] Stages = [Ingest, Scoring, Aggregation, Research];

    /// <summary>The composers: they parse, schedule and print, and call the stages.</summary>
    public static readonly string[] Composers = [Cli, Jobs];

    /// <summary>Every production project.</summary>
    public static readonly string[] All = [Core, Storage, Modeling, Ingest, Scoring, Aggregation, Research, Cli, Jobs];

    /// <summary>Every production project but Storage.</summary>
    public static IEnumerable<string> AllButStorage => All.Where(p => p != Storage);

    /// <summary>The project file of <paramref name="project"/>, under src/ or jobs/.</summary>
    public static string ProjectFile(string project)
    {
        var folder = project == Jobs ? "jobs" : "src";
        return Path.Combine(Testing.TestPaths.RepositoryRoot, folder, project, project + ".csproj");
    }

    /// <summary>The projects <paramref name="project"/> names in its ProjectReference items, by name.</summary>
    public static IReadOnlyList<string> DeclaredReferences(string project) =>
        System.Xml.Linq.XDocument.Load(ProjectFile(project))
            .Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension((string)r.Attribute("Include")!.Value.Replace('\\', '/')))
            .ToList();
}
