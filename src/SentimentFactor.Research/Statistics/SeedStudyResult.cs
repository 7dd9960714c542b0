namespace SentimentFactor.Research.Statistics;

/// <summary>
/// The seed study's statistic: P(up next day | day t mostly positive) against P(up next day | otherwise), with
/// Fisher's exact test of the 2x2 table. "Mostly positive" is <see cref="Rule"/> (<see cref="SeedRule"/>).
/// </summary>
/// <param name="Rule">The rule that split the days: "net" (n_pos &gt; n_neg) or "majority" (n_pos &gt; n_total / 2).</param>
/// <param name="PositiveDays">Days the rule calls mostly positive.</param>
/// <param name="PositiveUpDays">Of those, days followed by an up day.</param>
/// <param name="OtherDays">The remaining days.</param>
/// <param name="OtherUpDays">Of those, days followed by an up day.</param>
/// <param name="UpGivenPositive">PositiveUpDays / PositiveDays; null when there is no such day.</param>
/// <param name="UpGivenOther">OtherUpDays / OtherDays; null when there is no such day.</param>
/// <param name="OddsRatio">Sample odds ratio (a d) / (b c); null when a cell is zero.</param>
/// <param name="FisherPValue">Two-sided Fisher exact p-value.</param>
public sealed record SeedStudyResult(
    string Rule,
    int PositiveDays,
    int PositiveUpDays,
    int OtherDays,
    int OtherUpDays,
    double? UpGivenPositive,
    double? UpGivenOther,
    double? OddsRatio,
    double FisherPValue)
{
    /// <summary>Builds the result from the 2x2 table.</summary>
    public static SeedStudyResult FromCounts(string rule, int positiveDays, int positiveUpDays, int otherDays, int otherUpDays)
    {
        var a = positiveUpDays;
        var b = positiveDays - positiveUpDays;
        var c = otherUpDays;
        var d = otherDays - otherUpDays;
        return new SeedStudyResult(
            rule, positiveDays, positiveUpDays, otherDays, otherUpDays,
            positiveDays > 0 ? a / (double)positiveDays : null,
            otherDays > 0 ? c / (double)otherDays : null,
            a > 0 && b > 0 && c > 0 && d > 0 ? a * (double)d / (b * (double)c) : null,
            FisherExactTest.TwoSided(a, b, c, d));
    }
}
