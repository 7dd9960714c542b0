using SentimentFactor.Modeling.Training;

namespace SentimentFactor.Modeling.Tests.Training;

public sealed class AttentionKernelsTests
{
    [Theory]
    [InlineData(15, 32, 1, 4)]
    [InlineData(7, 64, 3, 1)]
    [InlineData(5, 40, 1, 5)]
    [InlineData(4, 6, 2, 1)]
    public void Combine_gives_the_weighted_sums_of_rows_in_both_coefficient_orders(int terms, int width, int rows, int spare)
    {
        // width 40 runs five vectors (a full block of four, then one); width 6 is no whole vector and runs scalar.
        var stride = width + spare;
        var random = new Random(3);
        var x = Enumerable.Range(0, terms * stride).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var coefficients = Enumerable.Range(0, rows * terms).Select(_ => (float)random.NextDouble()).ToArray();
        foreach (var rowMajor in new[] { true, false })
        {
            var output = Enumerable.Repeat(float.NaN, rows * stride).ToArray();
            AttentionKernels.Combine<float>(coefficients, rowMajor ? terms : 1, rowMajor ? 1 : rows, x, rows, terms, width, stride, 0.5f, output);
            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < width; c++)
                {
                    double expected = 0;
                    for (var k = 0; k < terms; k++)
                    {
                        expected += coefficients[rowMajor ? (r * terms) + k : (k * rows) + r] * x[(k * stride) + c];
                    }

                    Assert.Equal(0.5 * expected, output[(r * stride) + c], 1e-5);
                }

                // The columns between rows are not the kernel's.
                Assert.All(output.AsSpan((r * stride) + width, Math.Min(spare, output.Length - (r * stride) - width)).ToArray(), v => Assert.True(float.IsNaN(v)));
            }
        }
    }

    [Fact]
    public void Combine_refuses_spans_too_short_for_the_rows()
    {
        var error = Assert.Throws<ArgumentException>(() => AttentionKernels.Combine<float>(new float[4], 2, 1, new float[10], 2, 2, 8, 8, 1f, new float[16]));
        Assert.Contains("cannot hold 2 rows", error.Message, StringComparison.Ordinal);
    }
}
