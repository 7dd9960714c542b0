namespace SentimentFactor.Storage.Migrations;

/// <summary>
/// Whole-text checksums that databases recorded for migrations whose comments were corrected later (they cited the
/// starting design document, which is not in the repository, and now cite docs/). Each entry also holds the
/// comment-free checksum of that earlier SQL: the earlier checksum is accepted only while the file's SQL still has
/// it, so a later real edit is refused as before.
/// </summary>
public static class LegacyChecksums
{
    /// <summary>Version → (whole-text checksum of the earlier file, comment-free checksum of its SQL).</summary>
    public static IReadOnlyDictionary<int, (string WholeText, string Sql)> Entries { get; } = new Dictionary<int, (string, string)>
    {
        [1] = ("2a66fb51b6f037a35140aff3da823d75906f1b33c9b99d5109849ef556588314", "b03d3aee6424b0ff35d99f0f69288a0935e56d2019f1e7f4b1315baf1ab7e52c"),
        [10] = ("bcae2ab4bc6f769cb5eaa3167e533509e434c9c3461142a23a4e9df27d477045", "6499b47824a4c4d979703800b23c9e2be1fbad64a37479cc2b21cb5685717e66"),
        [30] = ("95f10e01e980b84c5fa52770c57eea334f8d852aed1e229342095f547e50894d", "1084d92042d7863a7ea4228d2fb870cf206271bd4106587ade2a2eea3d6e6855"),
        [31] = ("d9ea16686869149811b57a1725fe4fd3f0abf9c129ec2912e1804be17f309ff5", "37389d426fa11056ac2439c9698b5c521f03f8187b369dfbfd460ae677c21d6c"),
        [80] = ("6c11a0dc3d8de217e64bb73a2da5f9aefd70b2143079a4c178eb97785daad047", "700908b4ab5d9e28b6787e925226aa0703951968273b1778adc4b58c2fe82871"),
    };

    /// <summary>
    /// Whether <paramref name="recorded"/> is the earlier whole-text checksum of migration <paramref name="version"/>
    /// and the file's SQL (<paramref name="sqlChecksum"/>, comment-free) is still that version's.
    /// </summary>
    public static bool Names(int version, string recorded, string sqlChecksum) =>
        Entries.TryGetValue(version, out var entry)
        && string.Equals(entry.WholeText, recorded, StringComparison.Ordinal)
        && string.Equals(entry.Sql, sqlChecksum, StringComparison.Ordinal);
}
