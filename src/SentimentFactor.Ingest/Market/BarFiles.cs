namespace SentimentFactor.Ingest.Market;

/// <summary>
/// Which files one `sf ingest bars` call loads, and for which symbol: a single file keeps the symbol given (or the
/// benchmark's); a folder or several files load one symbol per file, named by the file (AAPL.csv, aapl.us.txt and
/// AAPL.csv.gz are all AAPL), unless a single explicit symbol is given for a single file.
/// </summary>
public static class BarFiles
{
    private static readonly string[] Extensions = [".csv", ".csv.gz", ".txt", ".txt.gz"];

    /// <summary>The (file, symbol) pairs to load, files in name order.</summary>
    /// <param name="paths">Files and/or folders as typed.</param>
    /// <param name="symbol">An explicit symbol, or null.</param>
    /// <param name="defaultSymbol">The symbol of a single file given without one (Market:Benchmark).</param>
    /// <exception cref="IngestException">A missing path, an empty folder, or one symbol given for several files.</exception>
    public static IReadOnlyList<(string Path, string Symbol)> Resolve(IReadOnlyList<string> paths, string? symbol, string defaultSymbol)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var files = new List<string>();
        var fromFolder = false;
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                fromFolder = true;
                var found = Directory.EnumerateFiles(path)
                    .Where(f => Extensions.Any(e => f.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
                    .Order(StringComparer.Ordinal)
                    .ToList();
                files.AddRange(found.Count > 0 ? found : throw IngestException.NoBarFiles(path));
            }
            else
            {
                files.Add(File.Exists(path) ? path : throw IngestException.FileUnreadable(path, new FileNotFoundException("No such file.", path)));
            }
        }

        if (files.Count == 1 && !fromFolder)
        {
            return [(files[0], string.IsNullOrWhiteSpace(symbol) ? defaultSymbol : symbol.Trim())];
        }

        if (!string.IsNullOrWhiteSpace(symbol))
        {
            throw IngestException.OneSymbolForManyBarFiles(symbol, files.Count);
        }

        return files.Select(f => (f, SymbolOf(f))).ToList();
    }

    /// <summary>The symbol a file name stands for: the name up to its first dot, upper case ("aapl.us.txt" is AAPL).</summary>
    public static string SymbolOf(string path)
    {
        var name = Path.GetFileName(path);
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        var stem = dot > 0 ? name[..dot] : name;
        return stem.Trim().ToUpperInvariant();
    }
}
