using SentimentFactor.Modeling.Training;

namespace SentimentFactor.Modeling.Tests.Training;

public sealed class AdamWTests
{
    [Fact]
    public void One_step_matches_hand_computed_values_with_decay_only_on_matrices()
    {
        var matrix = Parameter("m", [1, 2], [1.0f, -2.0f], [0.5f, -0.25f]);
        var bias = Parameter("b", [2], [0.5f, 0.0f], [1.0f, 0.0f]);
        var optimizer = new AdamW([matrix, bias], new AdamWOptions { Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8, WeightDecay = 0.1 });

        optimizer.Step(0.01);

        // t = 1: m̂ = g, v̂ = g², so the update is lr·g/(|g| + ε) = ±lr (0 for g = 0); decay multiplies by 1 - lr·wd first.
        Assert.Equal((1.0 * (1 - 0.001)) - (0.01 * 0.5 / (0.5 + 1e-8)), matrix.Value[0], 1e-6);
        Assert.Equal((-2.0 * (1 - 0.001)) + (0.01 * 0.25 / (0.25 + 1e-8)), matrix.Value[1], 1e-6);
        Assert.Equal(0.5 - 0.01, bias.Value[0], 1e-6);
        Assert.Equal(0.0, bias.Value[1], 1e-9);
        Assert.Equal(1, optimizer.StepCount);
    }

    [Fact]
    public void Two_steps_follow_the_bias_corrected_moments()
    {
        var p = Parameter("w", [1, 1], [1.0f], [0.2f]);
        var optimizer = new AdamW([p], new AdamWOptions { WeightDecay = 0 });
        optimizer.Step(0.1);
        p.Gradient[0] = -0.4f;
        optimizer.Step(0.1);

        // By hand (PyTorch's formulas): after step 1, p = 1 - 0.1 = 0.9; step 2 moments from g = 0.2 then -0.4.
        double m = (0.9 * 0.1 * 0.2) + (0.1 * -0.4);
        double v = (0.999 * 0.001 * 0.04) + (0.001 * 0.16);
        var mHat = m / (1 - (0.9 * 0.9));
        var vHat = v / (1 - (0.999 * 0.999));
        var expected = 0.9 - (0.1 * mHat / (Math.Sqrt(vHat) + 1e-8));
        Assert.Equal(expected, p.Value[0], 1e-6);
    }

    [Fact]
    public void Exported_state_resumes_to_the_same_weights_as_an_uninterrupted_run()
    {
        var straight = Parameter("w", [1, 3], [1f, 2f, 3f], [0f, 0f, 0f]);
        var first = Parameter("w", [1, 3], [1f, 2f, 3f], [0f, 0f, 0f]);
        var optimizer = new AdamW([straight], new AdamWOptions());
        var interrupted = new AdamW([first], new AdamWOptions());
        for (var step = 0; step < 3; step++)
        {
            Gradients(straight, step);
            optimizer.Step(0.01);
            Gradients(first, step);
            interrupted.Step(0.01);
        }

        var resumed = Parameter("w", [1, 3], first.Value.ToArray(), [0f, 0f, 0f]);
        var restarted = new AdamW([resumed], new AdamWOptions());
        restarted.ImportState(interrupted.ExportState());
        for (var step = 3; step < 6; step++)
        {
            Gradients(straight, step);
            optimizer.Step(0.01);
            Gradients(resumed, step);
            restarted.Step(0.01);
        }

        Assert.Equal(straight.Value, resumed.Value);
        Assert.Equal(6, restarted.StepCount);
    }

    [Fact]
    public void A_long_tensor_steps_to_the_same_bits_as_one_element_tensors()
    {
        // 1,003 values run through the vector loop (and a scalar tail); one-element tensors run only the scalar loop.
        const int n = 1003;
        var values = Enumerable.Range(0, n).Select(i => MathF.Cos(i) * 3).ToArray();
        var whole = Parameter("w", [1, n], values.ToArray(), new float[n]);
        var single = Enumerable.Range(0, n).Select(i => Parameter($"w{i}", [1, 1], [values[i]], [0f])).ToArray();
        var wholeOptimizer = new AdamW([whole], new AdamWOptions { WeightDecay = 0.01 });
        var singleOptimizer = new AdamW(single, new AdamWOptions { WeightDecay = 0.01 });
        for (var step = 0; step < 3; step++)
        {
            Gradients(whole, step);
            for (var i = 0; i < n; i++)
            {
                single[i].Gradient[0] = whole.Gradient[i];
            }

            wholeOptimizer.Step(0.01);
            singleOptimizer.Step(0.01);
        }

        Assert.Equal(single.Select(p => p.Value[0]).ToArray(), whole.Value);
        Assert.NotEqual(values, whole.Value);
    }

    [Fact]
    public void State_for_other_parameters_is_refused_naming_both()
    {
        var optimizer = new AdamW([Parameter("a", [2], [0f, 0f], [0f, 0f])], new AdamWOptions());
        var other = new AdamW([Parameter("b", [2], [0f, 0f], [0f, 0f])], new AdamWOptions());

        var error = Assert.Throws<ArgumentException>(() => optimizer.ImportState(other.ExportState()));
        Assert.Contains("b of 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("a of 2", error.Message, StringComparison.Ordinal);
    }

    private static void Gradients(TrainableParameter p, int step)
    {
        for (var i = 0; i < p.Gradient.Length; i++)
        {
            p.Gradient[i] = MathF.Sin(step + i);
        }
    }

    internal static TrainableParameter Parameter(string name, int[] shape, float[] value, float[] gradient) => new(name, shape, value, gradient);
}
