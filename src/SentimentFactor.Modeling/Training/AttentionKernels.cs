using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SentimentFactor.Modeling.Training;

/// <summary>
/// Attention's per-head weighted sums of rows (context = P·V and, in the backward pass, dV, dQ and dK), written out
/// instead of one BLAS call each: in fine-tuning batches a head's matrices are about 16 rows by 32 columns, so a call's
/// fixed cost outweighed its arithmetic (measured: about half the time of OpenBLAS's call at 12-18 rows; its dot-product
/// form, the scores, was not faster written out and stays on BLAS). Rows of Q, K, V, the context and their gradients
/// lie <c>stride</c> values apart (the hidden size), each span starting at the head's first column. Up to four vectors
/// of an output row stay in registers across a sum.
/// </summary>
internal static class AttentionKernels
{
    /// <summary>
    /// output[r] = alpha·Σ_k coefficients[r·rowStep + k·termStep]·x[k] for r &lt; <paramref name="rows"/>, over
    /// <paramref name="terms"/> rows of x; each row <paramref name="width"/> values, written.
    /// </summary>
    public static void Combine<T>(ReadOnlySpan<T> coefficients, int rowStep, int termStep, ReadOnlySpan<T> x, int rows, int terms, int width, int stride,
        T alpha, Span<T> output)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Check(x.Length, terms, width, stride);
        Check(output.Length, rows, width, stride);
        if (rows > 0 && terms > 0 && coefficients.Length <= ((rows - 1) * rowStep) + ((terms - 1) * termStep))
        {
            throw new ArgumentException($"{coefficients.Length} coefficients are too few for {rows} rows of {terms} terms.", nameof(coefficients));
        }

        ref var c = ref MemoryMarshal.GetReference(coefficients);
        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var o = ref MemoryMarshal.GetReference(output);
        var lanes = Vector256<T>.Count;
        var vector = Vector256.IsHardwareAccelerated && width % lanes == 0;
        for (var r = 0; r < rows; r++)
        {
            ref var target = ref Unsafe.Add(ref o, r * stride);
            var column = 0;
            if (vector)
            {
                // Four vectors of the row at a time, summed over every term before they are stored.
                for (; column < width; column += 4 * lanes)
                {
                    var count = Math.Min(4, (width - column) / lanes);
                    Vector256<T> a0 = Vector256<T>.Zero, a1 = Vector256<T>.Zero, a2 = Vector256<T>.Zero, a3 = Vector256<T>.Zero;
                    for (var k = 0; k < terms; k++)
                    {
                        var w = Vector256.Create(Unsafe.Add(ref c, (r * rowStep) + (k * termStep)));
                        ref var source = ref Unsafe.Add(ref xr, (k * stride) + column);
                        a0 += w * Vector256.LoadUnsafe(ref source);
                        if (count > 1)
                        {
                            a1 += w * Vector256.LoadUnsafe(ref source, (nuint)lanes);
                            if (count > 2)
                            {
                                a2 += w * Vector256.LoadUnsafe(ref source, (nuint)(2 * lanes));
                                if (count > 3)
                                {
                                    a3 += w * Vector256.LoadUnsafe(ref source, (nuint)(3 * lanes));
                                }
                            }
                        }
                    }

                    var scale = Vector256.Create(alpha);
                    (a0 * scale).StoreUnsafe(ref target, (nuint)column);
                    if (count > 1)
                    {
                        (a1 * scale).StoreUnsafe(ref target, (nuint)(column + lanes));
                        if (count > 2)
                        {
                            (a2 * scale).StoreUnsafe(ref target, (nuint)(column + (2 * lanes)));
                            if (count > 3)
                            {
                                (a3 * scale).StoreUnsafe(ref target, (nuint)(column + (3 * lanes)));
                            }
                        }
                    }
                }

                continue;
            }

            for (; column < width; column++)
            {
                var sum = T.Zero;
                for (var k = 0; k < terms; k++)
                {
                    sum += Unsafe.Add(ref c, (r * rowStep) + (k * termStep)) * Unsafe.Add(ref xr, (k * stride) + column);
                }

                Unsafe.Add(ref target, column) = alpha * sum;
            }
        }
    }

    // The kernel reads and writes through references, so each span is checked to hold its rows once, up front.
    private static void Check(int length, int rows, int width, int stride)
    {
        if (rows > 0 && length < ((rows - 1) * stride) + width)
        {
            throw new ArgumentException($"A span of {length} values cannot hold {rows} rows of {width} values {stride} apart.");
        }
    }
}
