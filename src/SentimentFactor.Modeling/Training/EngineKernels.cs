using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using SentimentFactor.Modeling.Checkpoints;

namespace SentimentFactor.Modeling.Training;

/// <summary>The row-wise pieces of <see cref="BertEngine{T}"/>: Linear, LayerNorm, activations, dropout masks.</summary>
internal static class EngineKernels
{
    /// <summary>
    /// y[rows, out] = x[rows, in]·Wᵀ + b, W stored [out, in] (Hugging Face Linear); through <paramref name="products"/>
    /// when T is float and it is given, else OpenBLAS.
    /// </summary>
    public static void LinearForward<T>(ReadOnlySpan<T> x, int rows, int inFeatures, ReadOnlySpan<T> weight, ReadOnlySpan<T> bias, int outFeatures, Span<T> y,
        OrtGemm? products)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (products is not null && typeof(T) == typeof(float))
        {
            products.Multiply(false, true, rows, outFeatures, inFeatures, Floats(x), Floats(weight), Floats(bias)[..outFeatures], false, Floats(y));
            return;
        }

        for (var r = 0; r < rows; r++)
        {
            bias.CopyTo(y.Slice(r * outFeatures, outFeatures));
        }

        Blas.Gemm(false, true, rows, outFeatures, inFeatures, T.One, x, inFeatures, weight, inFeatures, T.One, y, outFeatures);
    }

    /// <summary>
    /// Backward of <see cref="LinearForward"/>: weight and bias gradients added (when given), and dx = dy·W written
    /// or, with <paramref name="accumulate"/>, added (when dx is given); products as in <see cref="LinearForward"/>.
    /// <paramref name="gradientsZero"/> says the weight gradient holds only zeros, so its product is written, not
    /// added (the same values, without the pass that adds the target: a tenth of a weight-gradient product).
    /// </summary>
    public static void LinearBackward<T>(ReadOnlySpan<T> dy, ReadOnlySpan<T> x, int rows, int inFeatures, ReadOnlySpan<T> weight, int outFeatures,
        T[]? weightGradient, T[]? biasGradient, Span<T> dx, bool accumulate, OrtGemm? products, bool gradientsZero = false)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var ort = products is not null && typeof(T) == typeof(float);
        if (weightGradient is not null && ort)
        {
            products!.WeightGradient(rows, outFeatures, inFeatures, Floats(dy), Floats(x), !gradientsZero, Floats(weightGradient.AsSpan()),
                biasGradient is null ? default : Floats(biasGradient.AsSpan()));
        }
        else
        {
            if (weightGradient is not null)
            {
                Blas.Gemm(true, false, outFeatures, inFeatures, rows, T.One, dy, outFeatures, x, inFeatures, gradientsZero ? T.Zero : T.One, weightGradient, inFeatures);
            }

            if (biasGradient is not null)
            {
                AddColumnSums(dy, rows, outFeatures, biasGradient);
            }
        }

        if (!dx.IsEmpty && ort)
        {
            products!.Multiply(false, false, rows, inFeatures, outFeatures, Floats(dy), Floats(weight), default, accumulate, Floats(dx));
        }
        else if (!dx.IsEmpty)
        {
            Blas.Gemm(false, false, rows, inFeatures, outFeatures, T.One, dy, outFeatures, weight, inFeatures, accumulate ? T.One : T.Zero, dx, inFeatures);
        }
    }

    /// <summary>sums[c] += Σ over the rows of matrix[r, c], for a row-major <paramref name="rows"/>×<paramref name="columns"/> matrix (a bias gradient).</summary>
    public static void AddColumnSums<T>(ReadOnlySpan<T> matrix, int rows, int columns, Span<T> sums)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        for (var r = 0; r < rows; r++)
        {
            TensorPrimitives.Add(sums, matrix.Slice(r * columns, columns), sums);
        }
    }

    private static ReadOnlySpan<float> Floats<T>(ReadOnlySpan<T> span)
        where T : unmanaged => MemoryMarshal.Cast<T, float>(span);

    private static Span<float> Floats<T>(Span<T> span)
        where T : unmanaged => MemoryMarshal.Cast<T, float>(span);

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
    /// the tests' ReferenceBert does (Abramowitz and Stegun 7.1.26). <paramref name="scratch"/> holds 3·u.Length.
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
                GeluErf(u, g, derivative);
                break;
        }
    }

    /// <summary>
    /// GELU (erf) in one pass per element: g = 0.5·u·(1 + erf(u/√2)) and, when <paramref name="derivative"/> is not
    /// empty, the derivative of that very approximation (not the exact Φ + u·φ), so the gradient is that of the forward
    /// pass. erf(x) = sign(x)·(1 - P(t)·exp(-x²)), t = 1/(1 + p·|x|), P(t) = a1·t + … + a5·t⁵ (Abramowitz and Stegun
    /// 7.1.26, as the tests' ReferenceBert); d erf/d|x| = exp(-x²)·(p·t²·P'(t) + 2|x|·P(t)).
    /// </summary>
    private static void GeluErf<T>(ReadOnlySpan<T> u, Span<T> g, Span<T> derivative)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var p = T.CreateTruncating(0.3275911);
        var a1 = T.CreateTruncating(0.254829592);
        var a2 = T.CreateTruncating(-0.284496736);
        var a3 = T.CreateTruncating(1.421413741);
        var a4 = T.CreateTruncating(-1.453152027);
        var a5 = T.CreateTruncating(1.061405429);
        var invSqrt2 = T.CreateTruncating(1 / Math.Sqrt(2.0));
        var half = T.CreateTruncating(0.5);
        var two = T.CreateTruncating(2);
        var three = T.CreateTruncating(3);
        var four = T.CreateTruncating(4);
        var five = T.CreateTruncating(5);
        var withDerivative = !derivative.IsEmpty;
        var i = 0;
        ref var uRef = ref MemoryMarshal.GetReference(u);
        ref var gRef = ref MemoryMarshal.GetReference(g);
        ref var dRef = ref MemoryMarshal.GetReference(derivative);
        if (Vector512.IsHardwareAccelerated && (typeof(T) == typeof(float) || typeof(T) == typeof(double)))
        {
            for (; i <= u.Length - Vector512<T>.Count; i += Vector512<T>.Count)
            {
                var x = Vector512.LoadUnsafe(ref uRef, (nuint)i);
                var ax = Vector512.Abs(x) * invSqrt2;
                var t = Vector512<T>.One / (Vector512<T>.One + (ax * p));
                var poly = ((((((((a5 * t) + Vector512.Create(a4)) * t) + Vector512.Create(a3)) * t) + Vector512.Create(a2)) * t) + Vector512.Create(a1)) * t;
                var e = Exp(-(ax * ax));
                var erfAbs = Vector512<T>.One - (poly * e);
                var erf = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<T>.Zero), -erfAbs, erfAbs);
                (half * x * (Vector512<T>.One + erf)).StoreUnsafe(ref gRef, (nuint)i);
                if (withDerivative)
                {
                    var dPoly = ((((((((five * a5 * t) + Vector512.Create(four * a4)) * t) + Vector512.Create(three * a3)) * t) + Vector512.Create(two * a2)) * t) + Vector512.Create(a1)) * t * t * p;
                    var dErf = (dPoly + (two * ax * poly)) * e;
                    ((half * (Vector512<T>.One + erf)) + (half * invSqrt2 * x * dErf)).StoreUnsafe(ref dRef, (nuint)i);
                }
            }
        }
        else if (Vector256.IsHardwareAccelerated && (typeof(T) == typeof(float) || typeof(T) == typeof(double)))
        {
            // The same arithmetic on AVX2 machines (without this the loop below ran scalar there, a tenth of a step).
            for (; i <= u.Length - Vector256<T>.Count; i += Vector256<T>.Count)
            {
                var x = Vector256.LoadUnsafe(ref uRef, (nuint)i);
                var ax = Vector256.Abs(x) * invSqrt2;
                var t = Vector256<T>.One / (Vector256<T>.One + (ax * p));
                var poly = ((((((((a5 * t) + Vector256.Create(a4)) * t) + Vector256.Create(a3)) * t) + Vector256.Create(a2)) * t) + Vector256.Create(a1)) * t;
                var e = Exp(-(ax * ax));
                var erfAbs = Vector256<T>.One - (poly * e);
                var erf = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<T>.Zero), -erfAbs, erfAbs);
                (half * x * (Vector256<T>.One + erf)).StoreUnsafe(ref gRef, (nuint)i);
                if (withDerivative)
                {
                    var dPoly = ((((((((five * a5 * t) + Vector256.Create(four * a4)) * t) + Vector256.Create(three * a3)) * t) + Vector256.Create(two * a2)) * t) + Vector256.Create(a1)) * t * t * p;
                    var dErf = (dPoly + (two * ax * poly)) * e;
                    ((half * (Vector256<T>.One + erf)) + (half * invSqrt2 * x * dErf)).StoreUnsafe(ref dRef, (nuint)i);
                }
            }
        }

        for (; i < u.Length; i++)
        {
            var x = u[i];
            var ax = T.Abs(x) * invSqrt2;
            var t = T.One / (T.One + (ax * p));
            var poly = ((((((((a5 * t) + a4) * t) + a3) * t) + a2) * t) + a1) * t;
            var e = T.Exp(-(ax * ax));
            var erfAbs = T.One - (poly * e);
            var erf = x < T.Zero ? -erfAbs : erfAbs;
            g[i] = half * x * (T.One + erf);
            if (withDerivative)
            {
                var dPoly = ((((((((five * a5 * t) + (four * a4)) * t) + (three * a3)) * t) + (two * a2)) * t) + a1) * t * t * p;
                var dErf = (dPoly + (two * ax * poly)) * e;
                derivative[i] = (half * (T.One + erf)) + (half * invSqrt2 * x * dErf);
            }
        }

    }

    private static Vector512<T> Exp<T>(Vector512<T> x)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            return Vector512.Exp(x.AsSingle()).As<float, T>();
        }

        return Vector512.Exp(x.AsDouble()).As<double, T>();
    }

    private static Vector256<T> Exp<T>(Vector256<T> x)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            return Vector256.Exp(x.AsSingle()).As<float, T>();
        }

        return Vector256.Exp(x.AsDouble()).As<double, T>();
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
        var i = 0;
        if (typeof(T) == typeof(float) && Vector512.IsHardwareAccelerated && threshold <= uint.MaxValue)
        {
            // The same hash, 16 indices at a time: the high 32 bits of each of two 8-lane halves, narrowed to 16 lanes.
            var lanes = Vector512.Create(0UL, 1, 2, 3, 4, 5, 6, 7);
            var limit = Vector512.Create((uint)threshold);
            var kept = Vector512.Create(float.CreateTruncating(keep));
            var floats = MemoryMarshal.Cast<T, float>(mask);
            ref var target = ref MemoryMarshal.GetReference(floats);
            for (; i <= floats.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var first = Vector512.Create(key + (ulong)(start + i)) + lanes;
                var high = Vector512.Narrow(
                    Vector512.ShiftRightLogical(Mix(first), 32),
                    Vector512.ShiftRightLogical(Mix(first + Vector512.Create(8UL)), 32));
                Vector512.ConditionalSelect(Vector512.LessThan(high, limit).AsSingle(), Vector512<float>.Zero, kept).StoreUnsafe(ref target, (nuint)i);
            }
        }
        else if (typeof(T) == typeof(float) && Vector256.IsHardwareAccelerated && threshold <= uint.MaxValue)
        {
            // The same, 8 indices at a time, on AVX2 machines.
            var lanes = Vector256.Create(0UL, 1, 2, 3);
            var limit = Vector256.Create((uint)threshold);
            var kept = Vector256.Create(float.CreateTruncating(keep));
            var floats = MemoryMarshal.Cast<T, float>(mask);
            ref var target = ref MemoryMarshal.GetReference(floats);
            for (; i <= floats.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var first = Vector256.Create(key + (ulong)(start + i)) + lanes;
                var high = Vector256.Narrow(
                    Vector256.ShiftRightLogical(Mix(first), 32),
                    Vector256.ShiftRightLogical(Mix(first + Vector256.Create(4UL)), 32));
                Vector256.ConditionalSelect(Vector256.LessThan(high, limit).AsSingle(), Vector256<float>.Zero, kept).StoreUnsafe(ref target, (nuint)i);
            }
        }

        for (; i < mask.Length; i++)
        {
            mask[i] = (Mix(key + (ulong)(start + i)) >> 32) < threshold ? T.Zero : keep;
        }
    }

    private static Vector512<ulong> Mix(Vector512<ulong> z)
    {
        z += Vector512.Create(0x9E3779B97F4A7C15UL);
        z = (z ^ Vector512.ShiftRightLogical(z, 30)) * Vector512.Create(0xBF58476D1CE4E5B9UL);
        z = (z ^ Vector512.ShiftRightLogical(z, 27)) * Vector512.Create(0x94D049BB133111EBUL);
        return z ^ Vector512.ShiftRightLogical(z, 31);
    }

    private static Vector256<ulong> Mix(Vector256<ulong> z)
    {
        z += Vector256.Create(0x9E3779B97F4A7C15UL);
        z = (z ^ Vector256.ShiftRightLogical(z, 30)) * Vector256.Create(0xBF58476D1CE4E5B9UL);
        z = (z ^ Vector256.ShiftRightLogical(z, 27)) * Vector256.Create(0x94D049BB133111EBUL);
        return z ^ Vector256.ShiftRightLogical(z, 31);
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
