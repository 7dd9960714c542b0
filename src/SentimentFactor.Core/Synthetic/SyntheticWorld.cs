namespace SentimentFactor.Core.Synthetic;

/// <summary>What <see cref="SyntheticMarket.Generate"/> made: the truth per day, and the posts in time order.</summary>
public sealed record SyntheticWorld(SyntheticMarketSpec Spec, IReadOnlyList<SyntheticDay> Days, IReadOnlyList<SyntheticPost> Posts);

/// <summary>
/// One trading day of a synthetic world: its latent mood, the post mix it drove, and the index bar whose close-to-close
/// log return is <see cref="LogReturn"/> (driven by the previous day's mood).
/// </summary>
public sealed record SyntheticDay(
    DateOnly Day,
    double Mood,
    double SharePositive,
    double ShareNegative,
    int Positive,
    int Neutral,
    int Negative,
    double LogReturn,
    double Open,
    double High,
    double Low,
    double Close,
    long Volume);

/// <summary>One synthetic post, with the label the generator wrote it as.</summary>
public sealed record SyntheticPost(string Id, DateTimeOffset CreatedAt, string AuthorId, string Text, SyntheticLabel Label);

/// <summary>The sentiment a synthetic post was written with.</summary>
public enum SyntheticLabel
{
    Negative,
    Neutral,
    Positive,
}
