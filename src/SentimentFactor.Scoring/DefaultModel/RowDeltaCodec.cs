using System.Buffers.Binary;
using SentimentFactor.Modeling.Checkpoints;

namespace SentimentFactor.Scoring.DefaultModel;

/// <summary>
/// How a trained matrix is shipped as its difference from the package's: per row, the change in int8 with one
/// float32 scale (max |change| / 127), and only the rows training moved. Fine-tuning moves each weight by far less
/// than the weight itself, so int8 of the change keeps more precision than float16 of the weight at half its size;
/// and of the 30,522 word-embedding rows only those of wordpieces in the training tweets get gradients, while the
/// rest are at most scaled by weight decay (one factor for all of them, stored too). docs/model.md, "What ships".
/// </summary>
public static class RowDeltaCodec
{
    /// <summary>Suffix of the int8 changes ([rows, columns]).</summary>
    public const string DeltaSuffix = "::delta";

    /// <summary>Suffix of the per-row scales (F32 [rows]).</summary>
    public const string ScaleSuffix = "::scale";

    /// <summary>Suffix of the indices of the rows stored (I32 [rows]); absent when every row is.</summary>
    public const string RowsSuffix = "::rows";

    /// <summary>Suffix of the factor the other rows were scaled by (F32 [1]); absent when every row is stored.</summary>
    public const string DecaySuffix = "::decay";

    /// <summary>
    /// The entries that rebuild <paramref name="trained"/> from <paramref name="original"/> (same shape, 2-D). A row
    /// none of whose weights moved by more than <paramref name="negligibleShare"/> of the row's largest weight (beyond
    /// the common decay) is not stored and comes back as the package's row times that decay; 0 stores every moved row.
    /// </summary>
    public static IReadOnlyList<SafetensorsEntry> Encode(FloatTensor trained, FloatTensor original, float negligibleShare = 0)
    {
        ArgumentNullException.ThrowIfNull(trained);
        ArgumentNullException.ThrowIfNull(original);
        if (trained.Shape.Length != 2 || !trained.Shape.SequenceEqual(original.Shape))
        {
            throw new ArgumentException($"{trained.Name}: row deltas need two matching 2-D tensors.", nameof(trained));
        }

        var (rows, columns) = (trained.Shape[0], trained.Shape[1]);
        var decay = UntouchedRowFactor(trained, original);
        var moved = Enumerable.Range(0, rows).Where(r => Moved(trained, original, r, columns, decay, negligibleShare)).ToArray();
        var deltas = new sbyte[moved.Length * columns];
        var scales = new float[moved.Length];
        for (var i = 0; i < moved.Length; i++)
        {
            var after = trained.Data.AsSpan(moved[i] * columns, columns);
            var before = original.Data.AsSpan(moved[i] * columns, columns);
            var largest = 0f;
            for (var c = 0; c < columns; c++)
            {
                largest = Math.Max(largest, Math.Abs(after[c] - before[c]));
            }

            scales[i] = largest / 127f;
            for (var c = 0; c < columns; c++)
            {
                deltas[(i * columns) + c] = scales[i] == 0 ? (sbyte)0 : (sbyte)Math.Clamp(MathF.Round((after[c] - before[c]) / scales[i]), -127, 127);
            }
        }

        var entries = new List<SafetensorsEntry>
        {
            SafetensorsEntry.FromSignedBytes(trained.Name + DeltaSuffix, [moved.Length, columns], deltas),
            SafetensorsEntry.FromFloats(new FloatTensor(trained.Name + ScaleSuffix, [moved.Length], scales), SafetensorsDType.F32),
        };
        if (moved.Length < rows)
        {
            entries.Add(SafetensorsEntry.FromIntegers(trained.Name + RowsSuffix, [moved.Length], moved));
            entries.Add(SafetensorsEntry.FromFloats(new FloatTensor(trained.Name + DecaySuffix, [1], [decay]), SafetensorsDType.F32));
        }

        return entries;
    }

    /// <summary>Whether <paramref name="reader"/> holds a row delta of <paramref name="name"/>.</summary>
    public static bool Holds(SafetensorsReader reader, string name) => reader?.Contains(name + DeltaSuffix) ?? false;

    /// <summary>Rebuilds the trained values of <paramref name="original"/> from its row delta in <paramref name="reader"/>.</summary>
    public static async Task<float[]> DecodeAsync(SafetensorsReader reader, FloatTensor original, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(original);
        var name = original.Name;
        var columns = original.Shape[^1];
        var deltas = await reader.ReadBytesAsync(name + DeltaSuffix, cancellationToken);
        var scales = await reader.ReadFloat32Async(name + ScaleSuffix, cancellationToken);
        int[] rows;
        var decay = 1f;
        if (reader.Contains(name + RowsSuffix))
        {
            var bytes = await reader.ReadBytesAsync(name + RowsSuffix, cancellationToken);
            rows = new int[bytes.Length / 4];
            for (var i = 0; i < rows.Length; i++)
            {
                rows[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4 * i));
            }

            decay = (await reader.ReadFloat32Async(name + DecaySuffix, cancellationToken))[0];
        }
        else
        {
            rows = [.. Enumerable.Range(0, original.Shape[0])];
        }

        if (deltas.Length != rows.Length * columns || scales.Length != rows.Length || rows.Any(r => r < 0 || r >= original.Shape[0]))
        {
            throw ScoringException.HeadInvalid(reader.Path, $"the row delta of {name} does not fit its shape [{string.Join(", ", original.Shape)}]");
        }

        var result = new float[original.Data.Length];
        System.Numerics.Tensors.TensorPrimitives.Multiply(original.Data, decay, result);
        for (var i = 0; i < rows.Length; i++)
        {
            var before = original.Data.AsSpan(rows[i] * columns, columns);
            var after = result.AsSpan(rows[i] * columns, columns);
            for (var c = 0; c < columns; c++)
            {
                after[c] = before[c] + ((sbyte)deltas[(i * columns) + c] * scales[i]);
            }
        }

        return result;
    }

    // Rows without gradients only ever get AdamW's decoupled decay: the same factor for all of them. The median of
    // the per-row least-squares factors is that factor whenever most rows were untouched, and some value that
    // matches no row (so every row is stored) when training moved most of them.
    private static float UntouchedRowFactor(FloatTensor trained, FloatTensor original)
    {
        var columns = trained.Shape[1];
        var factors = new List<double>();
        for (var r = 0; r < trained.Shape[0]; r++)
        {
            var before = original.Data.AsSpan(r * columns, columns);
            var norm = System.Numerics.Tensors.TensorPrimitives.Dot(before, before);
            if (norm > 0)
            {
                factors.Add(System.Numerics.Tensors.TensorPrimitives.Dot(trained.Data.AsSpan(r * columns, columns), before) / (double)norm);
            }
        }

        if (factors.Count == 0)
        {
            return 1f;
        }

        factors.Sort();
        return (float)factors[factors.Count / 2];
    }

    private static bool Moved(FloatTensor trained, FloatTensor original, int row, int columns, float decay, float negligibleShare)
    {
        var after = trained.Data.AsSpan(row * columns, columns);
        var before = original.Data.AsSpan(row * columns, columns);
        var negligible = negligibleShare * System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(before);
        for (var c = 0; c < columns; c++)
        {
            // Relative 1e-5 is far above float32 rounding of repeated decay and far below one optimizer step.
            var change = Math.Abs(after[c] - (decay * before[c]));
            if (change > 1e-5f * (Math.Abs(before[c]) + 1e-2f) && change > negligible)
            {
                return true;
            }
        }

        return false;
    }
}
