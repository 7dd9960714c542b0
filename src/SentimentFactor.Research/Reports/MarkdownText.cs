using System.Globalization;
using System.Text;

namespace SentimentFactor.Research.Reports;

/// <summary>
/// Number formats and the closing sections shared by the regression and cross-section reports (and the number
/// formats by their terminal tables in sf), so that all read alike and a format changes in one place.
/// </summary>
public static class MarkdownText
{
    /// <summary>Four significant digits.</summary>
    public static string G(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>Fixed <paramref name="decimals"/> decimals.</summary>
    public static string F(double value, int decimals) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>A p-value: 4 decimals, or "1.2E-5"-style below 1e-4.</summary>
    public static string P(double p) => p < 1e-4 ? p.ToString("0.0E+0", CultureInfo.InvariantCulture) : p.ToString("F4", CultureInfo.InvariantCulture);

    /// <summary>An interpolated string formatted with the invariant culture.</summary>
    public static string Inv(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The "Notes" section (only when there are notes) and the "Plots" section with one image per plot file.</summary>
    public static void AppendNotesAndPlots(StringBuilder md, IReadOnlyList<string> notes, params (string Title, string File)[] plots)
    {
        ArgumentNullException.ThrowIfNull(md);
        ArgumentNullException.ThrowIfNull(notes);
        if (notes.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("## Notes");
            md.AppendLine();
            foreach (var note in notes)
            {
                md.AppendLine($"- {note}");
            }
        }

        md.AppendLine();
        md.AppendLine("## Plots");
        foreach (var (title, file) in plots)
        {
            md.AppendLine();
            md.AppendLine($"![{title}]({file})");
        }
    }
}
