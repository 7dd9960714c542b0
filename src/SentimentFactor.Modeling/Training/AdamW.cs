using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SentimentFactor.Modeling.Training;

/// <summary>
/// Adam with decoupled weight decay (Loshchilov and Hutter 2019), step for step as PyTorch's torch.optim.AdamW:
/// p -= lr·wd·p; m = β1·m + (1-β1)·g; v = β2·v + (1-β2)·g²; p -= lr/(1-β1^t) · m / (sqrt(v)/sqrt(1-β2^t) + ε).
/// Owns one first- and one second-moment array per parameter.
/// </summary>
public sealed class AdamW
{
    private readonly IReadOnlyList<TrainableParameter> _parameters;
    private readonly AdamWOptions _options;
    private readonly float[][] _m;
    private readonly float[][] _v;

    /// <summary>An optimizer over <paramref name="parameters"/> with zero moments.</summary>
    public AdamW(IReadOnlyList<TrainableParameter> parameters, AdamWOptions options)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.Beta1 is >= 0 and < 1) || !(options.Beta2 is >= 0 and < 1) || !(options.Epsilon > 0) || !(options.WeightDecay >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options, "AdamW needs betas in [0, 1), epsilon > 0 and weight decay >= 0.");
        }

        _parameters = parameters;
        _options = options;
        _m = parameters.Select(p => new float[p.Value.Length]).ToArray();
        _v = parameters.Select(p => new float[p.Value.Length]).ToArray();
    }

    /// <summary>Steps taken so far (the t of the bias correction after the next step is StepCount + 1).</summary>
    public long StepCount { get; private set; }

    /// <summary>Updates every parameter in place from its accumulated gradient, with learning rate <paramref name="learningRate"/>.</summary>
    public void Step(double learningRate)
    {
        if (!(learningRate >= 0) || double.IsInfinity(learningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be finite and not negative.");
        }

        StepCount++;
        var b1 = _options.Beta1;
        var b2 = _options.Beta2;
        var stepSize = (float)(learningRate / (1 - Math.Pow(b1, StepCount)));
        var correction2 = (float)Math.Sqrt(1 - Math.Pow(b2, StepCount));
        var eps = (float)_options.Epsilon;
        Parallel.For(0, _parameters.Count, i =>
        {
            var p = _parameters[i];
            var decay = p.DecayApplies ? (float)(1 - (learningRate * _options.WeightDecay)) : 1f;
            Update(p.Value, p.Gradient, _m[i], _v[i], decay, (float)b1, (float)b2, stepSize, correction2, eps);
        });
    }

    /// <summary>A copy of the moments and step count, for a checkpoint.</summary>
    public AdamWState ExportState() =>
        new(StepCount, _parameters.Select(p => p.Name).ToArray(), _m.Select(a => (float[])a.Clone()).ToArray(), _v.Select(a => (float[])a.Clone()).ToArray());

    /// <summary>
    /// Restores <paramref name="state"/> from <see cref="ExportState"/>; throws <see cref="ArgumentException"/> when its
    /// parameter names or sizes differ from this optimizer's.
    /// </summary>
    public void ImportState(AdamWState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Names.Count != _parameters.Count || state.FirstMoments.Count != _parameters.Count || state.SecondMoments.Count != _parameters.Count)
        {
            throw new ArgumentException($"The optimizer state holds {state.Names.Count} parameters, the model trains {_parameters.Count}.", nameof(state));
        }

        for (var i = 0; i < _parameters.Count; i++)
        {
            var p = _parameters[i];
            if (state.Names[i] != p.Name || state.FirstMoments[i].Length != p.Value.Length || state.SecondMoments[i].Length != p.Value.Length)
            {
                throw new ArgumentException($"The optimizer state's parameter {i} is {state.Names[i]} of {state.FirstMoments[i].Length} values; the model's is {p.Name} of {p.Value.Length}.", nameof(state));
            }
        }

        for (var i = 0; i < _parameters.Count; i++)
        {
            state.FirstMoments[i].CopyTo(_m[i], 0);
            state.SecondMoments[i].CopyTo(_v[i], 0);
        }

        StepCount = state.Step;
    }

    private static void Update(float[] p, float[] g, float[] m, float[] v, float decay, float b1, float b2, float stepSize, float correction2, float eps)
    {
        // One pass over the four arrays instead of ten vectorised passes (they were a few per cent of a step).
        var i = 0;
        ref var pr = ref MemoryMarshal.GetArrayDataReference(p);
        ref var gr = ref MemoryMarshal.GetArrayDataReference(g);
        ref var mr = ref MemoryMarshal.GetArrayDataReference(m);
        ref var vr = ref MemoryMarshal.GetArrayDataReference(v);
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= p.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var ps = Vector512.LoadUnsafe(ref pr, (nuint)i);
                var gs = Vector512.LoadUnsafe(ref gr, (nuint)i);
                var ms = (Vector512.LoadUnsafe(ref mr, (nuint)i) * b1) + (gs * (1f - b1));
                var vs = (Vector512.LoadUnsafe(ref vr, (nuint)i) * b2) + (gs * gs * (1f - b2));
                if (decay != 1f)
                {
                    ps *= decay;
                }

                var denominator = (Vector512.Sqrt(vs) / correction2) + Vector512.Create(eps);
                ((ms / denominator * -stepSize) + ps).StoreUnsafe(ref pr, (nuint)i);
                ms.StoreUnsafe(ref mr, (nuint)i);
                vs.StoreUnsafe(ref vr, (nuint)i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            // The same arithmetic, 8 lanes (AVX2 machines); every operation is IEEE-exact, so each width gives the scalar loop's bits.
            for (; i <= p.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var ps = Vector256.LoadUnsafe(ref pr, (nuint)i);
                var gs = Vector256.LoadUnsafe(ref gr, (nuint)i);
                var ms = (Vector256.LoadUnsafe(ref mr, (nuint)i) * b1) + (gs * (1f - b1));
                var vs = (Vector256.LoadUnsafe(ref vr, (nuint)i) * b2) + (gs * gs * (1f - b2));
                if (decay != 1f)
                {
                    ps *= decay;
                }

                var denominator = (Vector256.Sqrt(vs) / correction2) + Vector256.Create(eps);
                ((ms / denominator * -stepSize) + ps).StoreUnsafe(ref pr, (nuint)i);
                ms.StoreUnsafe(ref mr, (nuint)i);
                vs.StoreUnsafe(ref vr, (nuint)i);
            }
        }

        for (; i < p.Length; i++)
        {
            var ps = p[i];
            if (decay != 1f)
            {
                ps *= decay;
            }

            m[i] = (m[i] * b1) + (g[i] * (1f - b1));
            v[i] = (v[i] * b2) + (g[i] * g[i] * (1f - b2));
            p[i] = (m[i] / ((MathF.Sqrt(v[i]) / correction2) + eps) * -stepSize) + ps;
        }
    }
}
