using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace SentimentFactor.Storage.Migrations;

/// <summary>One sql/schema/NNN_name.sql file.</summary>
/// <param name="Version">NNN.</param>
/// <param name="FileName">NNN_name.sql.</param>
/// <param name="Sql">Its text.</param>
public sealed partial record Migration(int Version, string FileName, string Sql)
{
    /// <summary>sha256 of the text with line endings normalised, so a checkout on Windows is not an edit.</summary>
    public string Checksum { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n"))));

    /// <summary>Reads every migration embedded in this assembly, ordered, checking names and numbers.</summary>
    public static IReadOnlyList<Migration> LoadEmbedded()
    {
        var assembly = typeof(Migration).Assembly;
        var migrations = new SortedDictionary<int, Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(name => name.StartsWith("schema/", StringComparison.Ordinal)))
        {
            var fileName = resource["schema/".Length..];
            var match = FileNamePattern().Match(fileName);
            if (!match.Success)
            {
                throw StorageException.BadMigrationName(fileName);
            }

            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!, Encoding.UTF8);
            var migration = new Migration(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), fileName, reader.ReadToEnd());
            if (!migrations.TryAdd(migration.Version, migration))
            {
                throw StorageException.DuplicateMigrationNumber(migration.Version, migrations[migration.Version].FileName, fileName);
            }
        }

        return [.. migrations.Values];
    }

    [GeneratedRegex("^([0-9]{3})_[a-z0-9_]+\\.sql$")]
    private static partial Regex FileNamePattern();
}
