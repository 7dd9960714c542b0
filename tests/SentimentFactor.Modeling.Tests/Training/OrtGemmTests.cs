using SentimentFactor.Modeling.Training;

namespace SentimentFactor.Modeling.Tests.Training;

public sealed class OrtGemmTests
{
    [Theory]
    [InlineData(8, 8, 1)]
    [InlineData(13, 29, 1)]
    [InlineData(1, 100, 2)]
    [InlineData(300, 517, 2)]
    [InlineData(517, 300, 3)]
    public void Transpose_puts_every_value_at_its_mirrored_place(int rows, int columns, int threads)
    {
        // Sizes that are not multiples of the 8x8 blocks exercise the edge loops; 300x517 is large enough to run threaded.
        var source = Enumerable.Range(0, rows * columns).Select(i => (float)i).ToArray();
        var destination = new float[rows * columns];
        MatrixTranspose.Transpose(source, rows, columns, destination, threads);
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                Assert.Equal(source[(r * columns) + c], destination[(c * rows) + r]);
            }
        }
    }

    [Theory]
    [InlineData(7, 5, 3)]        // below the size where dy is transposed first: MLAS transposes it
    [InlineData(301, 251, 37)]   // above it: our transposition, then a plain product
    public void Weight_gradient_is_dy_transposed_times_x_written_or_added_and_the_bias_gets_column_sums(int rows, int outFeatures, int inFeatures)
    {
        var random = new Random(5);
        var dy = Enumerable.Range(0, rows * outFeatures).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var x = Enumerable.Range(0, rows * inFeatures).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var expectedWeight = new double[outFeatures * inFeatures];
        var expectedBias = new double[outFeatures];
        for (var r = 0; r < rows; r++)
        {
            for (var o = 0; o < outFeatures; o++)
            {
                expectedBias[o] += dy[(r * outFeatures) + o];
                for (var i = 0; i < inFeatures; i++)
                {
                    expectedWeight[(o * inFeatures) + i] += (double)dy[(r * outFeatures) + o] * x[(r * inFeatures) + i];
                }
            }
        }

        using var gemm = new OrtGemm(2);
        var weight = Enumerable.Repeat(99f, outFeatures * inFeatures).ToArray();
        var bias = Enumerable.Repeat(1f, outFeatures).ToArray();
        gemm.WeightGradient(rows, outFeatures, inFeatures, dy, x, accumulate: false, weight, bias);
        AssertClose(expectedWeight, weight, offset: 0);
        AssertClose(expectedBias, bias, offset: 1);

        // Accumulating adds the same product onto what is there.
        gemm.WeightGradient(rows, outFeatures, inFeatures, dy, x, accumulate: true, weight, default);
        AssertClose(expectedWeight.Select(v => 2 * v).ToArray(), weight, offset: 0);
    }

    private static void AssertClose(double[] expected, float[] actual, double offset)
    {
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i] + offset, actual[i], 1e-4);
        }
    }
}
