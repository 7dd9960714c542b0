namespace SentimentFactor.Ingest.Sweep;

/// <summary>What a sweep did, per source and in total. A failed source is listed here; the others went on.</summary>
public sealed class IngestSweepResult
{
    /// <summary>Files found in the drop folder; null when it is not configured or does not exist.</summary>
    public int? Files { get; internal set; }

    /// <summary>Sources (files, queries, symbols, bar symbols) that finished.</summary>
    public int Succeeded { get; internal set; }

    /// <summary>Sources that failed (listed in <see cref="Errors"/> and <see cref="FailedBySource"/>).</summary>
    public int Failed { get; internal set; }

    /// <summary>Sources skipped: a missing drop folder, X queries without a bearer token.</summary>
    public int Skipped { get; internal set; }

    /// <summary>Posts stored.</summary>
    public long Accepted { get; internal set; }

    /// <summary>Posts already stored.</summary>
    public long Duplicates { get; internal set; }

    /// <summary>Posts and bars rejected (rows in sf.ingest_rejects).</summary>
    public long Rejected { get; internal set; }

    /// <summary>Bars inserted or corrected.</summary>
    public long Bars { get; internal set; }

    /// <summary>Each failure as "source 'label': reason", in the order they happened.</summary>
    public List<string> Errors { get; } = [];

    /// <summary>The failures per source kind (file, x, stocktwits, bars): "label: reason".</summary>
    public SortedDictionary<string, List<string>> FailedBySource { get; } = new(StringComparer.Ordinal);

    /// <summary>Warnings of gaps in a source's history (a stale cursor the API no longer serves).</summary>
    public List<string> Gaps { get; } = [];

    internal void Fail(string source, string label, string reason)
    {
        Failed++;
        Errors.Add($"{source} '{label}': {reason}");
        if (!FailedBySource.TryGetValue(source, out var list))
        {
            FailedBySource[source] = list = [];
        }

        list.Add($"{label}: {reason}");
    }
}
