namespace SentimentFactor.Research.Statistics;

/// <summary>One row of an OLS table: the estimate with classical and Newey–West (HAC) inference.</summary>
/// <param name="Name">"const" or the regressor's name.</param>
/// <param name="Estimate">Coefficient, in units of the outcome per unit of the regressor.</param>
/// <param name="StandardError">Classical (homoskedastic, i.i.d.) standard error.</param>
/// <param name="TStatistic">Estimate / StandardError.</param>
/// <param name="PValue">Two-sided, Student's t with n - k degrees of freedom.</param>
/// <param name="CiLow">Lower end of the classical 95% confidence interval.</param>
/// <param name="CiHigh">Upper end of the classical 95% confidence interval.</param>
/// <param name="HacStandardError">Newey–West standard error (Bartlett kernel, stated lag, n/(n-k) correction).</param>
/// <param name="HacTStatistic">Estimate / HacStandardError.</param>
/// <param name="HacPValue">Two-sided, Student's t with n - k degrees of freedom.</param>
/// <param name="HacCiLow">Lower end of the HAC 95% confidence interval.</param>
/// <param name="HacCiHigh">Upper end of the HAC 95% confidence interval.</param>
public sealed record CoefficientEstimate(
    string Name,
    double Estimate,
    double StandardError,
    double TStatistic,
    double PValue,
    double CiLow,
    double CiHigh,
    double HacStandardError,
    double HacTStatistic,
    double HacPValue,
    double HacCiLow,
    double HacCiHigh);
