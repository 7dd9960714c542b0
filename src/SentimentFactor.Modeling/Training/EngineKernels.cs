using System.Numerics;
using System.Numerics.Tensors;
using SentimentFactor.Modeling.Checkpoints;

namespace SentimentFactor.Modeling.Training;

/// <summary>The row-wise pieces of <see cref="BertEngine{T}"/>: Linear, LayerNorm, activations, dropout masks.</summary>
internal static class EngineKernels
{
    /// <summary>y[rows, out] = x[rows, in]·Wᵀ + b, W stored [out, in] (Hugging Face Linear).</summary>
    public static void LinearForward<T>(ReadOnlySpan<T> x, int rows, int inFeatures, ReadOnlySpan<T> weight, ReadOnlySpan<T> bias, int outFeatures, Span<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (var r = 0; r < rows; r++)
        {
            bias.CopyTo(y.Slice(r * outFeatures, outFeatures));
        }

        Blas.Gemm(false, true, rows, outFeatures, inFeatures, T.One, x, inFeatures, weight, inFeatures, T.One, y, outFeatures);
    }

    /// <summary>
    /// Backward of <see cref="LinearForward"/>: weight and bias gradients added (when given), and dx = dy·W written
    /// or, with <paramref name="accumulate"/>, added (when dx is given).
    /// </summary>
    public static void LinearBackward<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> x, int rows, int inFeatures, ReadOnlySpan<T> weight, int outFeatures,
        T[]? weightGradient, T[]? biasGradient, Span<T> dx, bool accumulate)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (weightGradient is not null)
        {
            Blas.Gemm(true, false, outFeatures, inFeatures, rows, T.One, dy, outFeatures, x, inFeatures, T.One, weightGradient, inFeatures);
        }

        if (biasGradient is not null)
        {
            for (var r = 0; r < rows; r++)
            {
                TensorPrimitives.Add(biasGradient, dy.Slice(r * outFeatures, outFeatures), biasGradient);
            }
        }

        if (!dx.IsEmpty)
        {
            Blas.Gemm(false, false, rows, inFeatures, outFeatures, T.One, dy, outFeatures, weight, inFeatures, accumulate ? T.One : T.Zero, dx, inFeatures);
        }
    }

    /// <summary>y = γ·x̂ + β per row with x̂ = (x - mean)·rstd; keeps x̂ and rstd for the backward pass.</summary>
    public static void LayerNormForward<T>(ReadOnlySpan<T> x, int row, int h, ReadOnlySpan<T> gamma, ReadOnlySpan<T> beta, T eps,
        Span<T> xhat, Span<T> rstd, Span<T> y)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var xs = x.Slice(row * h, h);
        var hs = xhat.Slice(row * h, h);
        var mean = TensorPrimitives.Sum(xs) / T.CreateTruncating(h);
        TensorPrimitives.Subtract(xs, mean, hs);
        var variance = TensorPrimitives.SumOfSquares<T>(hs) / T.CreateTruncating(h);
        var inv = T.One / T.Sqrt(variance + eps);
        rstd[row] = inv;
        TensorPrimitives.Multiply(hs, inv, hs);
        var ys = y.Slice(row * h, h);
        TensorPrimitives.MultiplyAdd(hs, gamma, beta, ys);
    }

    /// <summary>dx = rstd·(dx̂ - mean(dx̂) - x̂·mean(dx̂·x̂)) with dx̂ = dy·γ, written or added; <paramref name="scratch"/> holds h values.</summary>
    public static void LayerNormBackward<T>(ReadOnlySpan<T> dy, int row, int h, ReadOnlySpan<T> gamma, ReadOnlySpan<T> xhat, ReadOnlySpan<T> rstd,
        Span<T> dx, bool accumulate, Span<T> scratch)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var dys = dy.Slice(row * h, h);
        var hs = xhat.Slice(row * h, h);
        var d = scratch[..h];
        TensorPrimitives.Multiply(dys, gamma, d);
        var n = T.CreateTruncating(h);
        var meanD = TensorPrimitives.Sum<T>(d) / n;
        var meanDX = TensorPrimitives.Dot<T>(d, hs) / n;
        TensorPrimitives.Subtract(d, meanD, d);
        TensorPrimitives.MultiplyAdd(hs, -meanDX, d, d);
        var dxs = dx.Slice(row * h, h);
        if (accumulate)
        {
            TensorPrimitives.MultiplyAdd(d, rstd[row], dxs, dxs);
        }
        else
        {
            TensorPrimitives.Multiply(d, rstd[row], dxs);
        }
    }

    /// <summary>γ and β gradients of a LayerNorm over <paramref name="rows"/> rows: Σ dy·x̂ and Σ dy.</summary>
    public static void LayerNormParameterGradients<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> xhat, int rows, int h, T[]? gammaGradient, T[]? betaGradient)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (var r = 0; r < rows; r++)
        {
            var dys = dy.Slice(r * h, h);
            if (gammaGradient is not null)
            {
                TensorPrimitives.MultiplyAdd(dys, xhat.Slice(r * h, h), gammaGradient, gammaGradient);
            }

            if (betaGradient is not null)
            {
                TensorPrimitives.Add(betaGradient, dys, betaGradient);
            }
        }
    }

    /// <summary>
    /// g = act(u) and, when <paramref name="derivative"/> is not empty, act'(u); GELU (erf) uses erf as
    /// <see cref="Reference.ReferenceBert"/> does (Abramowitz and Stegun 7.1.26). <paramref name="scratch"/> holds 3·u.Length.
    /// </summary>
    public static void Activate<T>(BertActivation activation, ReadOnlySpan<T> u, Span<T> g, Span<T> derivative, Span<T> scratch)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var n = u.Length;
        var half = T.CreateTruncating(0.5);
        switch (activation)
        {
            case BertActivation.Relu:
                TensorPrimitives.Max(u, T.Zero, g);
                if (!derivative.IsEmpty)
                {
                    for (var i = 0; i < n; i++)
                    {
                        derivative[i] = u[i] > T.Zero ? T.One : T.Zero;
                    }
                }

                break;
            case BertActivation.GeluTanh:
                {
                    // 0.5·u·(1 + tanh(c·(u + 0.044715·u³))), c = sqrt(2/π).
                    var c = T.CreateTruncating(Math.Sqrt(2.0 / Math.PI));
                    var k = T.CreateTruncating(0.044715);
                    var th = scratch[..n];
                    var u2 = scratch.Slice(n, n);
                    TensorPrimitives.Multiply(u, u, u2);
                    TensorPrimitives.Multiply(u2, k, th);
                    TensorPrimitives.Add(th, T.One, th);
                    TensorPrimitives.Multiply(th, u, th);
                    TensorPrimitives.Multiply(th, c, th);
                    TensorPrimitives.Tanh(th, th);
                    if (!derivative.IsEmpty)
                    {
                        // 0.5·(1 + th) + 0.5·u·(1 - th²)·c·(1 + 3k·u²)
                        var t2 = scratch.Slice(2 * n, n);
                        TensorPrimitives.Multiply(u2, T.CreateTruncating(3) * k, u2);
                        TensorPrimitives.Add(u2, T.One, u2);
                        TensorPrimitives.Multiply(u2, c * half, u2);
                        TensorPrimitives.Multiply(u2, u, u2);
                        TensorPrimitives.Multiply(th, th, t2);
                        TensorPrimitives.Negate(t2, t2);
                        TensorPrimitives.Add(t2, T.One, t2);
                        TensorPrimitives.Multiply(u2, t2, u2);
                        TensorPrimitives.Multiply(th, half, derivative);
                        TensorPrimitives.Add(derivative, half, derivative);
                        TensorPrimitives.Add(derivative, u2, derivative);
                    }

                    TensorPrimitives.Add(th, T.One, th);
                    TensorPrimitives.Multiply(th, u, g);
                    TensorPrimitives.Multiply(g, half, g);
                    break;
                }

            default:
                {
                    // erf(x), x = u/√2: sign(x)·(1 - poly(t)·exp(-x²)), t = 1/(1 + p·|x|); exp(-x²) = exp(-u²/2) is φ's too.
                    var t = scratch[..n];
                    var e = scratch.Slice(n, n);
                    var erf = scratch.Slice(2 * n, n);
                    TensorPrimitives.Abs(u, t);
                    TensorPrimitives.Multiply(t, T.CreateTruncating(0.3275911 / Math.Sqrt(2.0)), t);
                    TensorPrimitives.Add(t, T.One, t);
                    TensorPrimitives.Reciprocal(t, t);
                    TensorPrimitives.Multiply(t, T.CreateTruncating(1.061405429), erf);
                    TensorPrimitives.Add(erf, T.CreateTruncating(-1.453152027), erf);
                    TensorPrimitives.Multiply(erf, t, erf);
                    TensorPrimitives.Add(erf, T.CreateTruncating(1.421413741), erf);
                    TensorPrimitives.Multiply(erf, t, erf);
                    TensorPrimitives.Add(erf, T.CreateTruncating(-0.284496736), erf);
                    TensorPrimitives.Multiply(erf, t, erf);
                    TensorPrimitives.Add(erf, T.CreateTruncating(0.254829592), erf);
                    TensorPrimitives.Multiply(erf, t, erf);
                    TensorPrimitives.Multiply(u, u, e);
                    TensorPrimitives.Multiply(e, -half, e);
                    TensorPrimitives.Exp(e, e);
                    if (!derivative.IsEmpty)
                    {
                        // The derivative of this very approximation (not the exact Φ + u·φ), so that the gradient is
                        // that of the forward pass: d erf/dx = exp(-x²)·(p·t²·poly'(t) + 2x·poly(t)) for x = |u|/√2.
                        TensorPrimitives.Multiply(t, T.CreateTruncating(5 * 1.061405429), derivative);
                        TensorPrimitives.Add(derivative, T.CreateTruncating(4 * -1.453152027), derivative);
                        TensorPrimitives.Multiply(derivative, t, derivative);
                        TensorPrimitives.Add(derivative, T.CreateTruncating(3 * 1.421413741), derivative);
                        TensorPrimitives.Multiply(derivative, t, derivative);
                        TensorPrimitives.Add(derivative, T.CreateTruncating(2 * -0.284496736), derivative);
                        TensorPrimitives.Multiply(derivative, t, derivative);
                        TensorPrimitives.Add(derivative, T.CreateTruncating(0.254829592), derivative);
                        TensorPrimitives.Multiply(derivative, t, derivative);
                        TensorPrimitives.Multiply(derivative, t, derivative);
                        TensorPrimitives.Multiply(derivative, T.CreateTruncating(0.3275911), derivative);
                        TensorPrimitives.Abs(u, t);
                        TensorPrimitives.Multiply(t, erf, t);
                        TensorPrimitives.MultiplyAdd(t, T.CreateTruncating(Math.Sqrt(2.0)), derivative, derivative);
                        TensorPrimitives.Multiply(derivative, e, derivative);
                    }

                    TensorPrimitives.Multiply(erf, e, erf);
                    TensorPrimitives.Negate(erf, erf);
                    TensorPrimitives.Add(erf, T.One, erf);
                    TensorPrimitives.CopySign(erf, u, erf);
                    if (!derivative.IsEmpty)
                    {
                        // gelu' = 0.5·(1 + erf(x)) + 0.5·u·erf'(x)/√2.
                        TensorPrimitives.Multiply(derivative, u, derivative);
                        TensorPrimitives.Multiply(derivative, T.CreateTruncating(0.5 / Math.Sqrt(2.0)), derivative);
                        TensorPrimitives.Multiply(erf, half, t);
                        TensorPrimitives.Add(t, half, t);
                        TensorPrimitives.Add(derivative, t, derivative);
                    }

                    TensorPrimitives.Add(erf, T.One, erf);
                    TensorPrimitives.Multiply(erf, u, g);
                    TensorPrimitives.Multiply(g, half, g);
                    break;
                }
        }
    }

    /// <summary>
    /// Inverted-dropout scales for elements [start, start + mask.Length) of site <paramref name="site"/>: 0 with
    /// probability p, else 1/(1-p). A hash of (seed, site, index), so the mask depends on nothing but those.
    /// </summary>
    public static void DropoutMask<T>(Span<T> mask, ulong seed, ulong site, long start, float probability)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var keep = T.One / (T.One - T.CreateTruncating(probability));
        var threshold = (ulong)(probability * (double)(1UL << 32));
        var key = Mix(seed ^ Mix(site + 0x632BE59BD9B4E019UL));
        for (var i = 0; i < mask.Length; i++)
        {
            mask[i] = (Mix(key + (ulong)(start + i)) >> 32) < threshold ? T.Zero : keep;
        }
    }

    private static ulong Mix(ulong z)
    {
        // SplitMix64's finaliser (Steele, Lea and Flood 2014).
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
