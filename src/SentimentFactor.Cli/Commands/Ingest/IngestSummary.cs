using System.Globalization;
using SentimentFactor.Ingest;
using Spectre.Console;

namespace SentimentFactor.Cli.Commands.Ingest;

/// <summary>The per-source table and the one summary line every `sf ingest` command ends with.</summary>
internal static class IngestSummary
{
    public static int Print(IAnsiConsole console, string command, IReadOnlyList<IngestResult> results, TimeSpan elapsed)
    {
        var table = new Table().AddColumns("source", "input", "accepted", "duplicate", "rejected", "status");
        foreach (var r in results)
        {
            table.AddRow(
                Markup.Escape(r.Source),
                Markup.Escape(r.Query),
                r.Accepted.ToString("N0", CultureInfo.InvariantCulture),
                r.Duplicates.ToString("N0", CultureInfo.InvariantCulture),
                r.Rejected.ToString("N0", CultureInfo.InvariantCulture),
                r.Succeeded ? "ok" : "[red]stopped[/]");
        }

        console.Write(table);
        foreach (var failed in results.Where(r => !r.Succeeded))
        {
            console.MarkupLineInterpolated($"[red]{failed.Error}[/]");
        }

        var accepted = results.Sum(r => r.Accepted);
        var rate = elapsed.TotalSeconds > 0 ? accepted / elapsed.TotalSeconds : 0;
        console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"ingest {command}: {accepted:N0} accepted, {results.Sum(r => r.Duplicates):N0} duplicate, {results.Sum(r => r.Rejected):N0} rejected in {elapsed.TotalSeconds:F1} s ({rate:N0} posts/s)"));
        return results.All(r => r.Succeeded) ? 0 : 1;
    }
}
