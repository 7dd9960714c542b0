namespace SentimentFactor.Research.CrossSection;

/// <summary>One day of the quantile portfolios.</summary>
/// <param name="Day">Formation day t (the factor's day); the returns are those of t + h.</param>
/// <param name="Returns">Equal-weighted mean log return of each quantile, lowest factor first.</param>
/// <param name="LongShort">Highest quantile minus lowest.</param>
public sealed record QuantileDay(DateOnly Day, IReadOnlyList<double> Returns, double LongShort);
