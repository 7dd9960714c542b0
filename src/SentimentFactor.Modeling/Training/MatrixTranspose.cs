using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SentimentFactor.Modeling.Training;

/// <summary>
/// Row-major float matrix transposition in 8×8 register blocks (AVX), split over threads by destination rows. It
/// exists because MLAS transposes a Gemm's transposed A with scalar loads, once per column block of the product:
/// for the weight gradients (dYᵀ·X over the batch's tokens) that made the product up to twice as slow as the same
/// product on an A transposed here first (docs/model.md, "Speed").
/// </summary>
internal static class MatrixTranspose
{
    private const int Block = 8;

    /// <summary>destination[c, r] = source[r, c] for a <paramref name="rows"/>×<paramref name="columns"/> source.</summary>
    public static unsafe void Transpose(ReadOnlySpan<float> source, int rows, int columns, Span<float> destination, int threads)
    {
        var count = (long)rows * columns;
        if (source.Length < count || destination.Length < count)
        {
            throw new ArgumentException($"A {rows}x{columns} transposition got spans of {source.Length} and {destination.Length} values.");
        }

        fixed (float* s = source)
        fixed (float* d = destination)
        {
            Transpose((nint)s, rows, columns, (nint)d, threads);
        }
    }

    private static void Transpose(nint source, int rows, int columns, nint destination, int threads)
    {
        var count = (long)rows * columns;

        // Parallel over blocks of source columns, i.e. destination rows: each thread writes its own rows.
        var columnBlocks = (columns + Block - 1) / Block;
        var parts = Math.Min(threads, columnBlocks);
        if (parts <= 1 || count < 65_536)
        {
            TransposeColumns(source, rows, columns, destination, 0, columns);
            return;
        }

        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, part =>
        {
            var from = (int)((long)columnBlocks * part / parts) * Block;
            var to = Math.Min(columns, (int)((long)columnBlocks * (part + 1) / parts) * Block);
            TransposeColumns(source, rows, columns, destination, from, to);
        });
    }

    private static unsafe void TransposeColumns(nint source, int rows, int columns, nint destination, int fromColumn, int toColumn)
    {
        var s = (float*)source;
        var d = (float*)destination;
        {
            var c = fromColumn;
            var r = 0;
            if (Avx.IsSupported)
            {
                for (; c + Block <= toColumn; c += Block)
                {
                    for (r = 0; r + Block <= rows; r += Block)
                    {
                        Transpose8x8(s + ((long)r * columns) + c, columns, d + ((long)c * rows) + r, rows);
                    }

                    for (var cc = c; cc < c + Block; cc++)
                    {
                        for (var rr = r; rr < rows; rr++)
                        {
                            d[((long)cc * rows) + rr] = s[((long)rr * columns) + cc];
                        }
                    }
                }
            }

            for (; c < toColumn; c++)
            {
                for (r = 0; r < rows; r++)
                {
                    d[((long)c * rows) + r] = s[((long)r * columns) + c];
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Transpose8x8(float* source, int sourceStride, float* destination, int destinationStride)
    {
        var r0 = Avx.LoadVector256(source);
        var r1 = Avx.LoadVector256(source + sourceStride);
        var r2 = Avx.LoadVector256(source + (2 * sourceStride));
        var r3 = Avx.LoadVector256(source + (3 * sourceStride));
        var r4 = Avx.LoadVector256(source + (4 * sourceStride));
        var r5 = Avx.LoadVector256(source + (5 * sourceStride));
        var r6 = Avx.LoadVector256(source + (6 * sourceStride));
        var r7 = Avx.LoadVector256(source + (7 * sourceStride));

        // Pairs of rows interleaved, then pairs of pairs, then the 128-bit halves exchanged.
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);
        var s0 = Avx.Shuffle(t0, t2, 0x44);
        var s1 = Avx.Shuffle(t0, t2, 0xEE);
        var s2 = Avx.Shuffle(t1, t3, 0x44);
        var s3 = Avx.Shuffle(t1, t3, 0xEE);
        var s4 = Avx.Shuffle(t4, t6, 0x44);
        var s5 = Avx.Shuffle(t4, t6, 0xEE);
        var s6 = Avx.Shuffle(t5, t7, 0x44);
        var s7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(destination, Avx.Permute2x128(s0, s4, 0x20));
        Avx.Store(destination + destinationStride, Avx.Permute2x128(s1, s5, 0x20));
        Avx.Store(destination + (2 * destinationStride), Avx.Permute2x128(s2, s6, 0x20));
        Avx.Store(destination + (3 * destinationStride), Avx.Permute2x128(s3, s7, 0x20));
        Avx.Store(destination + (4 * destinationStride), Avx.Permute2x128(s0, s4, 0x31));
        Avx.Store(destination + (5 * destinationStride), Avx.Permute2x128(s1, s5, 0x31));
        Avx.Store(destination + (6 * destinationStride), Avx.Permute2x128(s2, s6, 0x31));
        Avx.Store(destination + (7 * destinationStride), Avx.Permute2x128(s3, s7, 0x31));
    }
}
