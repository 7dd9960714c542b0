namespace SentimentFactor.Research.Statistics;

/// <summary>One row of a logistic regression table (Wald inference from the observed information).</summary>
/// <param name="Name">"const" or the regressor's name.</param>
/// <param name="Estimate">Change in log-odds of the outcome per unit of the regressor.</param>
/// <param name="StandardError">sqrt of the diagonal of (X'WX)^-1 at the estimate.</param>
/// <param name="ZStatistic">Estimate / StandardError.</param>
/// <param name="PValue">Two-sided, standard normal.</param>
/// <param name="CiLow">Lower end of the 95% Wald interval.</param>
/// <param name="CiHigh">Upper end of the 95% Wald interval.</param>
public sealed record LogisticCoefficient(
    string Name, double Estimate, double StandardError, double ZStatistic, double PValue, double CiLow, double CiHigh);
