using Npgsql;
using SentimentFactor.Storage;

namespace SentimentFactor.Research.Notebooks;

/// <summary>
/// What the notebooks in notebooks/ share: the database they read (the demo's, unless told otherwise), a folder
/// for their plots. A notebook takes it from the package `./sf` packs into .sf/feed (README "Notebooks") and opens it in one line: <see cref="Open"/>.
/// </summary>
public sealed class NotebookSession : IAsyncDisposable
{
    /// <summary>Connection string or URI of the database to read; unset = the one `sf demo` last wrote.</summary>
    public const string DatabaseVariable = "SF_NOTEBOOK_DB";

    /// <summary>Folder for plots; unset = .sf/notebooks under the repository.</summary>
    public const string OutputVariable = "SF_NOTEBOOK_OUT";

    private NotebookSession(NpgsqlDataSource database, string output)
    {
        Database = database;
        Output = output;
    }

    /// <summary>The database the notebook reads (see <see cref="OpenDatabase"/>).</summary>
    public NpgsqlDataSource Database { get; }

    /// <summary>The folder plots go to (see <see cref="OutputDirectory"/>).</summary>
    public string Output { get; }

    /// <summary>The database name, for the notebook's first line of output.</summary>
    public string DatabaseName => new NpgsqlConnectionStringBuilder(Database.ConnectionString).Database ?? "";

    /// <summary>The database and plot folder a notebook works with; prints where both are.</summary>
    /// <exception cref="InvalidOperationException">No database is named: run `./sf demo` first.</exception>
    public static NotebookSession Open()
    {
        var session = new NotebookSession(OpenDatabase(), OutputDirectory());
        Console.WriteLine($"Database {session.DatabaseName}; plots go to {session.Output}");
        return session;
    }

    /// <summary>A plot file's full path in <see cref="Output"/>.</summary>
    public string PlotPath(string fileName) => Path.Combine(Output, fileName);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Database.DisposeAsync();

    /// <summary>Opens the database named by <see cref="DatabaseVariable"/>, else by .sf/demo/database.url.</summary>
    /// <exception cref="InvalidOperationException">Neither is there: run `./sf demo` first.</exception>
    public static NpgsqlDataSource OpenDatabase()
    {
        var value = Environment.GetEnvironmentVariable(DatabaseVariable);
        var origin = DatabaseVariable;
        if (string.IsNullOrWhiteSpace(value))
        {
            var file = FindUpwards(Path.Combine(".sf", "demo", "database.url"))
                ?? throw new InvalidOperationException(
                    $"No database to read: set {DatabaseVariable}, or run ./sf demo first (it writes .sf/demo/database.url).");
            value = File.ReadAllText(file).Trim();
            origin = file;
        }

        return NpgsqlDataSource.Create(PostgresConnectionString.Parse(value, origin).ConnectionString);
    }

    /// <summary>The folder plots go to (created).</summary>
    public static string OutputDirectory()
    {
        var directory = Environment.GetEnvironmentVariable(OutputVariable);
        if (string.IsNullOrWhiteSpace(directory))
        {
            var root = FindUpwards("SentimentFactor.sln") is { } sln ? Path.GetDirectoryName(sln)! : Directory.GetCurrentDirectory();
            directory = Path.Combine(root, ".sf", "notebooks");
        }

        Directory.CreateDirectory(directory);
        return Path.GetFullPath(directory);
    }

    private static string? FindUpwards(string relative)
    {
        for (var directory = new DirectoryInfo(Directory.GetCurrentDirectory()); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
