using Spectre.Console;

namespace SentimentFactor.Cli.Infrastructure;

/// <summary>The lines that close the tables of a research run (`sf regress`, `sf crosssection`): its notes, then where its report went.</summary>
internal static class RunFooter
{
    public static void Write(IAnsiConsole console, IReadOnlyList<string> notes, string? reportPath)
    {
        foreach (var note in notes)
        {
            console.MarkupLineInterpolated($"[yellow]Note:[/] {note}");
        }

        if (reportPath is not null)
        {
            console.MarkupLineInterpolated($"Report: {reportPath}");
        }
    }
}
