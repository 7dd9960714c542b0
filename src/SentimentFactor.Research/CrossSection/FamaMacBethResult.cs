namespace SentimentFactor.Research.CrossSection;

/// <summary>Fama–MacBeth (1973): one cross-sectional OLS per day, the slopes' time series averaged.</summary>
/// <param name="Days">Days with a cross-sectional fit (at least 3 symbols, the factor not constant).</param>
/// <param name="Intercept">The daily intercepts' mean with plain (sd/√T) and Newey–West t.</param>
/// <param name="Slope">The daily slopes' mean with plain (sd/√T) and Newey–West t.</param>
public sealed record FamaMacBethResult(int Days, MeanTest Intercept, MeanTest Slope);
