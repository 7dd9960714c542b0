namespace SentimentFactor.Research.CrossSection;

/// <summary>One day's information coefficient: Spearman's rho of factor(t) and r(t+h) across the day's symbols.</summary>
/// <param name="Day">Factor day t.</param>
/// <param name="Symbols">Symbols ranked that day.</param>
/// <param name="Ic">Spearman's rho.</param>
public sealed record DailyIc(DateOnly Day, int Symbols, double Ic);
