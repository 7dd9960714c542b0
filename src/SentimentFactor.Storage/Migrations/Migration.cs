using System.Text;
using System.Text.RegularExpressions;

namespace SentimentFactor.Storage.Migrations;

/// <summary>One sql/schema/NNN_name.sql file.</summary>
/// <param name="Version">NNN.</param>
/// <param name="FileName">NNN_name.sql.</param>
/// <param name="Sql">Its text.</param>
public sealed partial record Migration(int Version, string FileName, string Sql)
{
    /// <summary>
    /// Identifies the SQL: comments, trailing white space and line endings do not count (<see cref="MigrationText"/>),
    /// so neither a checkout on Windows nor a corrected comment is an edit.
    /// </summary>
    public string Checksum { get; } = MigrationText.Checksum(Sql);

    /// <summary>
    /// Whether <paramref name="recorded"/>, the checksum a database holds for this migration, names this SQL: the
    /// current checksum, the whole-text checksum builds before comment-free checksums recorded, or the whole-text
    /// checksum of a version of this file whose comments alone were corrected since (<see cref="LegacyChecksums"/>).
    /// </summary>
    public bool Matches(string recorded) =>
        string.Equals(recorded, Checksum, StringComparison.Ordinal)
        || string.Equals(recorded, MigrationText.WholeTextChecksum(Sql), StringComparison.Ordinal)
        || LegacyChecksums.Names(Version, recorded, Checksum);

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
