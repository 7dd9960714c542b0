using System.Globalization;
using SentimentFactor.Ingest;
using Spectre.Console;

namespace SentimentFactor.Cli.Commands.Ingest;

/// <summary>
/// The per-source table and the one summary line every `sf ingest` command ends with. Each query, symbol or file
/// has its status (ok, or failed with its reason below the table); the exit code is 1 when any failed, else 0
/// (docs/ingest.md, "Partial failures").
/// </summary>
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
                r.Succeeded ? (r.Warning is null ? "ok" : "[yellow]ok, gap[/]") : "[red]failed[/]");
        }

        console.Write(table);
        foreach (var failed in results.Where(r => !r.Succeeded))
        {
            console.MarkupLineInterpolated($"[red]failed {failed.Query}: {failed.Error}[/]");
        }

        foreach (var warned in results.Where(r => r.Warning is not null))
        {
            console.MarkupLineInterpolated($"[yellow]warning: {warned.Warning}[/]");
        }

        var accepted = results.Sum(r => r.Accepted);
        var rate = elapsed.TotalSeconds > 0 ? accepted / elapsed.TotalSeconds : 0;
        console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"ingest {command}: {accepted:N0} accepted, {results.Sum(r => r.Duplicates):N0} duplicate, {results.Sum(r => r.Rejected):N0} rejected in {elapsed.TotalSeconds:F1} s ({rate:N0} posts/s)"));
        return results.All(r => r.Succeeded) ? 0 : 1;
    }
}
