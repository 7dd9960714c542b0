namespace SentimentFactor.Research.CrossSection;

/// <summary>What the panel holds and what the filters dropped.</summary>
/// <param name="Symbols">Symbols with at least one symbol-day in the panel.</param>
/// <param name="Days">Factor days with at least one symbol-day.</param>
/// <param name="SymbolDaysWithPosts">Symbol-days in range with at least one post.</param>
/// <param name="DroppedByMinPosts">Of those, symbol-days with fewer posts than the minimum.</param>
/// <param name="WithoutReturn">Symbol-days kept by the minimum but without the symbol's return at the horizon (a missing bar).</param>
/// <param name="SymbolDays">Symbol-days with a factor and a return at the horizon: the observations.</param>
/// <param name="PostsPerSymbolDay">Mean posts per observed symbol-day.</param>
/// <param name="MedianPostsPerSymbolDay">Median posts per observed symbol-day.</param>
/// <param name="MeanSymbolsPerDay">Mean symbols per factor day.</param>
public sealed record Coverage(
    int Symbols, int Days, int SymbolDaysWithPosts, int DroppedByMinPosts, int WithoutReturn, int SymbolDays,
    double PostsPerSymbolDay, double MedianPostsPerSymbolDay, double MeanSymbolsPerDay);
