namespace SentimentFactor.Research.Statistics;

/// <summary>
/// Which days the seed study calls "mostly positive" (docs/research.md). The same names select the rule of
/// sf.seed_study, so `sf regress` and the SQL library count the same days.
/// </summary>
public static class SeedRule
{
    /// <summary>n_pos &gt; n_neg: more positive than negative posts (the default; neutral posts do not vote).</summary>
    public const string Net = "net";

    /// <summary>n_pos &gt; n_total / 2: a majority of all posts, neutral ones included (rare on real tweet sets).</summary>
    public const string Majority = "majority";

    /// <summary>Every rule, by name.</summary>
    public static IReadOnlyList<string> Names { get; } = [Net, Majority];

    /// <summary>The rule's condition in words, for tables and reports.</summary>
    public static string Describe(string rule) => rule switch
    {
        Net => "n_pos > n_neg",
        Majority => "n_pos > n_total / 2",
        _ => throw ResearchException.UnknownSeedRule(rule),
    };

    /// <summary>Whether a day with these counts is "mostly positive" under <paramref name="rule"/>.</summary>
    public static bool IsPositive(string rule, int positive, int negative, int total) => rule switch
    {
        Net => positive > negative,
        Majority => 2 * positive > total,
        _ => throw ResearchException.UnknownSeedRule(rule),
    };
}
