namespace SentimentFactor.Cli.Infrastructure;

/// <summary>Finds the checkout sf works in: SF_HOME, else the folder above us that holds appsettings.json and the .sln.</summary>
internal static class RepositoryRoot
{
    public static string Locate()
    {
        if (Environment.GetEnvironmentVariable("SF_HOME") is { Length: > 0 } home)
        {
            return Path.GetFullPath(home);
        }

        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "SentimentFactor.sln"))
                    && File.Exists(Path.Combine(directory.FullName, "appsettings.json")))
                {
                    return directory.FullName;
                }
            }
        }

        return Environment.CurrentDirectory;
    }
}
