namespace SentimentFactor.Research.Statistics;

/// <summary>
/// The seed study's statistic: P(up next day | majority of the day's posts positive) against P(up next day |
/// otherwise), with Fisher's exact test of the 2x2 table.
/// </summary>
/// <param name="MajorityDays">Days where n_pos > n_total / 2.</param>
/// <param name="MajorityUpDays">Of those, days followed by an up day.</param>
/// <param name="OtherDays">The remaining days.</param>
/// <param name="OtherUpDays">Of those, days followed by an up day.</param>
/// <param name="UpGivenMajority">MajorityUpDays / MajorityDays; null when there is no such day.</param>
/// <param name="UpGivenOther">OtherUpDays / OtherDays; null when there is no such day.</param>
/// <param name="OddsRatio">Sample odds ratio (a d) / (b c); null when a cell is zero.</param>
/// <param name="FisherPValue">Two-sided Fisher exact p-value.</param>
public sealed record SeedStudyResult(
    int MajorityDays,
    int MajorityUpDays,
    int OtherDays,
    int OtherUpDays,
    double? UpGivenMajority,
    double? UpGivenOther,
    double? OddsRatio,
    double FisherPValue)
{
    /// <summary>Builds the result from the 2x2 table.</summary>
    public static SeedStudyResult FromCounts(int majorityDays, int majorityUpDays, int otherDays, int otherUpDays)
    {
        var a = majorityUpDays;
        var b = majorityDays - majorityUpDays;
        var c = otherUpDays;
        var d = otherDays - otherUpDays;
        return new SeedStudyResult(
            majorityDays, majorityUpDays, otherDays, otherUpDays,
            majorityDays > 0 ? a / (double)majorityDays : null,
            otherDays > 0 ? c / (double)otherDays : null,
            a > 0 && b > 0 && c > 0 && d > 0 ? a * (double)d / (b * (double)c) : null,
            FisherExactTest.TwoSided(a, b, c, d));
    }
}
