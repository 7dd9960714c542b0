using System.Security.Cryptography;
using System.Text;

namespace SentimentFactor.Storage.Migrations;

/// <summary>
/// What of a migration's text counts as the migration: its SQL without comments, trailing white space or blank
/// lines, with line endings normalised. A comment is documentation, so correcting one (a reference that moved, a
/// typo) is not an edit of an applied migration; any change to the SQL itself still is (docs/architecture.md).
/// </summary>
public static class MigrationText
{
    /// <summary>sha256 (lower-case hex) of <see cref="WithoutComments"/> of <paramref name="sql"/>.</summary>
    public static string Checksum(string sql) => Sha256(WithoutComments(sql));

    /// <summary>
    /// The checksum databases migrated before comments were left out recorded: sha256 of the whole text with line
    /// endings normalised.
    /// </summary>
    public static string WholeTextChecksum(string sql) => Sha256((sql ?? "").ReplaceLineEndings("\n"));

    /// <summary>
    /// <paramref name="sql"/> without "--" line comments and "/* */" block comments outside single-quoted literals,
    /// trailing white space and blank lines.
    /// </summary>
    public static string WithoutComments(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var text = sql.ReplaceLineEndings("\n");
        var kept = new StringBuilder(text.Length);
        var inLiteral = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inLiteral)
            {
                kept.Append(c);
                inLiteral = c != '\'';
            }
            else if (c == '\'')
            {
                kept.Append(c);
                inLiteral = true;
            }
            else if (c == '-' && i + 1 < text.Length && text[i + 1] == '-')
            {
                while (i + 1 < text.Length && text[i + 1] != '\n')
                {
                    i++;
                }
            }
            else if (c == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? text.Length : end + 1;
            }
            else
            {
                kept.Append(c);
            }
        }

        return string.Join('\n', kept.ToString().Split('\n').Select(line => line.TrimEnd()).Where(line => line.Length > 0));
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
