namespace SentimentFactor.Storage.Research;

/// <summary>One symbol's daily sentiment of one model (a row of sf.daily_sentiment, symbol not '*').</summary>
/// <param name="Symbol">Cashtag symbol.</param>
/// <param name="Day">Trading day t.</param>
/// <param name="NPos">Positive posts.</param>
/// <param name="NNeu">Neutral posts.</param>
/// <param name="NNeg">Negative posts.</param>
/// <param name="NTotal">All posts.</param>
/// <param name="Bullishness">ln((1 + n_pos) / (1 + n_neg)).</param>
public sealed record PanelSentimentRow(string Symbol, DateOnly Day, int NPos, int NNeu, int NNeg, int NTotal, double Bullishness);
