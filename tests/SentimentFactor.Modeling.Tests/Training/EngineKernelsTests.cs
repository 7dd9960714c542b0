using SentimentFactor.Modeling.Checkpoints;
using SentimentFactor.Modeling.Training;

namespace SentimentFactor.Modeling.Tests.Training;

public sealed class EngineKernelsTests
{
    [Fact]
    public void Float_dropout_masks_drop_the_same_elements_as_double_ones()
    {
        // float32 takes the 16- or 8-lane path (AVX-512 or AVX2), float64 the scalar one; both hash (seed, site, index) alike, from any start.
        var floats = new float[1000];
        var doubles = new double[1000];
        foreach (var start in new long[] { 0, 3, 123_456_789_012 })
        {
            EngineKernels.DropoutMask<float>(floats, seed: 42, site: 7, start, 0.1f);
            EngineKernels.DropoutMask<double>(doubles, seed: 42, site: 7, start, 0.1f);
            for (var i = 0; i < floats.Length; i++)
            {
                Assert.Equal(doubles[i] == 0, floats[i] == 0);
                Assert.Equal(doubles[i], floats[i], 1e-6);
            }

            var dropped = floats.Count(v => v == 0);
            Assert.InRange(dropped, 60, 140);
        }
    }

    [Fact]
    public void Float_gelu_and_its_derivative_match_the_float64_values()
    {
        // 1,003 values: the vector body and a scalar tail in both element types.
        var u = Enumerable.Range(0, 1003).Select(i => (i - 501) / 60.0).ToArray();
        var g = new double[u.Length];
        var d = new double[u.Length];
        EngineKernels.Activate<double>(BertActivation.GeluErf, u, g, d, new double[3 * u.Length]);
        var uf = u.Select(v => (float)v).ToArray();
        var gf = new float[u.Length];
        var df = new float[u.Length];
        EngineKernels.Activate<float>(BertActivation.GeluErf, uf, gf, df, new float[3 * u.Length]);
        for (var i = 0; i < u.Length; i++)
        {
            Assert.Equal(g[i], gf[i], 2e-6 * Math.Max(1, Math.Abs(g[i])));
            Assert.Equal(d[i], df[i], 2e-6 * Math.Max(1, Math.Abs(d[i])));
        }

        // GELU(0) = 0, GELU'(0) = 1/2; far out it is the identity and 0 with slopes 1 and 0.
        Assert.Equal(0.0, g[501], 1e-12);
        Assert.Equal(0.5, d[501], 1e-7);
        Assert.Equal(u[^1], g[^1], 1e-6);
        Assert.Equal(0.0, g[0], 1e-6);
    }
}
