using SentimentFactor.Core.Factors;

namespace SentimentFactor.Core.Tests.Factors;

public sealed class SentimentFactorsTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void Bullishness_is_log_of_smoothed_positive_to_negative_ratio()
    {
        Assert.Equal(0.0, SentimentFactors.Bullishness(0, 0), Tolerance);
        Assert.Equal(Math.Log(2.0), SentimentFactors.Bullishness(3, 1), Tolerance);
        Assert.Equal(-Math.Log(5.0), SentimentFactors.Bullishness(0, 4), Tolerance);
    }

    [Fact]
    public void Net_is_share_difference_and_undefined_without_posts()
    {
        Assert.Null(SentimentFactors.Net(0, 0, 0));
        Assert.Equal(0.25, SentimentFactors.Net(3, 1, 8)!.Value, Tolerance);
    }
}
