namespace SentimentFactor.Testing;

/// <summary>Paths tests need: the checkout's root (where SentimentFactor.sln is).</summary>
public static class TestPaths
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SentimentFactor.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No SentimentFactor.sln above {AppContext.BaseDirectory}.");
    });

    /// <summary>The repository root.</summary>
    public static string RepositoryRoot => Root.Value;
}
