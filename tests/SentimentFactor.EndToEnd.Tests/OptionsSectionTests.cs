using System.Reflection;
using Microsoft.Extensions.Configuration;
using SentimentFactor.Testing;
using Xunit;

namespace SentimentFactor.EndToEnd.Tests;

/// <summary>
/// Every options class of every project (a type with a <c>const string Section</c>, found by reflection so a new one
/// is covered without being listed) binds its section of the shipped appsettings.json with no key left over.
/// </summary>
public sealed class OptionsSectionTests
{
    private static readonly string[] Assemblies =
    [
        "SentimentFactor.Core", "SentimentFactor.Storage", "SentimentFactor.Modeling", "SentimentFactor.Ingest",
        "SentimentFactor.Scoring", "SentimentFactor.Aggregation", "SentimentFactor.Research", "SentimentFactor.Jobs", "sf",
    ];

    public static TheoryData<string> OptionsTypes => new(FindOptionsTypes().Select(t => t.AssemblyQualifiedName!));

    [Fact]
    public void Every_stage_section_has_an_options_class()
    {
        var sections = FindOptionsTypes().Select(SectionOf).ToHashSet(StringComparer.Ordinal);

        Assert.Superset(new HashSet<string> { "Database", "Market", "Ingest", "Scoring", "Modeling", "Aggregation", "Research", "Demo", "Jobs" }, sections);
    }

    [Theory]
    [MemberData(nameof(OptionsTypes))]
    public void Every_key_of_the_shipped_section_binds_to_a_property(string typeName)
    {
        var type = Type.GetType(typeName, throwOnError: true)!;
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(TestPaths.RepositoryRoot, "appsettings.json"), optional: false)
            .Build();
        var section = configuration.GetSection(SectionOf(type));

        Assert.True(section.Exists(), $"appsettings.json has no '{section.Path}' section for {type.Name}");
        var error = Record.Exception(() => section.Get(type, o => o.ErrorOnUnknownConfiguration = true));
        Assert.Null(error);
    }

    [Fact]
    public void An_unknown_key_is_caught()
    {
        // The check above can fail: a misspelt key in a section is an error, not silently dropped.
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Jobs:MaxAttempt"] = "3" })
            .Build();
        var type = FindOptionsTypes().Single(t => SectionOf(t) == "Jobs");

        var error = Record.Exception(() => configuration.GetSection("Jobs").Get(type, o => o.ErrorOnUnknownConfiguration = true));

        Assert.IsType<InvalidOperationException>(error);
        Assert.Contains("MaxAttempt", error.Message, StringComparison.Ordinal);
    }

    private static IEnumerable<Type> FindOptionsTypes() =>
        Assemblies.Select(name => Assembly.Load(name))
            .SelectMany(a => a.GetTypes())
            .Where(t => t.IsClass && t.Name.EndsWith("Options", StringComparison.Ordinal)
                && t.GetField("Section", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true })
            .OrderBy(t => t.FullName, StringComparer.Ordinal);

    private static string SectionOf(Type type) =>
        (string)type.GetField("Section", BindingFlags.Public | BindingFlags.Static)!.GetRawConstantValue()!;
}
