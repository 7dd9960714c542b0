namespace SentimentFactor.Storage.Cluster;

/// <summary>The server programs of the machine's PostgreSQL (initdb, pg_ctl, postgres, psql).</summary>
internal sealed record PostgresBinaries(string Directory)
{
    public string InitDb => Path.Combine(Directory, "initdb");

    public string PgCtl => Path.Combine(Directory, "pg_ctl");

    /// <summary>psql next to the server, else the one on PATH.</summary>
    public string Psql => File.Exists(Path.Combine(Directory, "psql")) ? Path.Combine(Directory, "psql") : "psql";

    /// <summary>SF_PG_BIN wins; then the newest /usr/lib/postgresql/N/bin (Debian); then initdb on PATH.</summary>
    public static PostgresBinaries Locate()
    {
        var searched = new List<string>();
        var explicitDirectory = Environment.GetEnvironmentVariable("SF_PG_BIN");
        if (!string.IsNullOrEmpty(explicitDirectory))
        {
            searched.Add(explicitDirectory);
            if (File.Exists(Path.Combine(explicitDirectory, "initdb")))
            {
                return new PostgresBinaries(explicitDirectory);
            }
        }

        const string DebianRoot = "/usr/lib/postgresql";
        searched.Add(DebianRoot + "/*/bin");
        if (System.IO.Directory.Exists(DebianRoot))
        {
            var newest = System.IO.Directory.GetDirectories(DebianRoot)
                .Select(path => (Path: path, Version: int.TryParse(Path.GetFileName(path), out var v) ? v : -1))
                .Where(entry => entry.Version > 0 && File.Exists(Path.Combine(entry.Path, "bin", "initdb")))
                .OrderByDescending(entry => entry.Version)
                .FirstOrDefault();
            if (newest.Path is not null)
            {
                return new PostgresBinaries(Path.Combine(newest.Path, "bin"));
            }
        }

        searched.Add("PATH");
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, "initdb");
            if (File.Exists(candidate))
            {
                var resolved = new FileInfo(candidate).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? candidate;
                return new PostgresBinaries(Path.GetDirectoryName(resolved)!);
            }
        }

        throw StorageException.BinariesMissing(string.Join(", ", searched));
    }
}
