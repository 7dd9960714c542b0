using SentimentFactor.Modeling.Training;

namespace SentimentFactor.Modeling.Tests.Training;

public sealed class GradientClippingTests
{
    [Fact]
    public void Gradients_above_the_norm_are_scaled_to_it_together_and_the_norm_before_is_returned()
    {
        var a = AdamWTests.Parameter("a", [2], [0f, 0f], [3f, 0f]);
        var b = AdamWTests.Parameter("b", [1, 1], [0f], [4f]);

        var norm = GradientClipping.ClipGlobalNorm([a, b], 1.0);

        Assert.Equal(5.0, norm, 1e-6);
        var scale = 1.0 / (5.0 + 1e-6);
        Assert.Equal(3 * scale, a.Gradient[0], 1e-6);
        Assert.Equal(4 * scale, b.Gradient[0], 1e-6);
    }

    [Fact]
    public void Gradients_within_the_norm_are_left_alone()
    {
        var a = AdamWTests.Parameter("a", [2], [0f, 0f], [0.3f, 0.4f]);

        var norm = GradientClipping.ClipGlobalNorm([a], 1.0);

        Assert.Equal(0.5, norm, 1e-6);
        Assert.Equal([0.3f, 0.4f], a.Gradient);
    }
}
