using SentimentFactor.Modeling.Checkpoints;
using SentimentFactor.Scoring.DefaultModel;

namespace SentimentFactor.Scoring.Tests.DefaultModel;

/// <summary>The shipped delta of a matrix: int8 changes per moved row, untouched rows as the package's times the common decay.</summary>
public sealed class RowDeltaCodecTests
{
    [Fact]
    public async Task Moved_rows_come_back_within_half_a_step_and_decayed_rows_exactly_from_a_smaller_file()
    {
        const int rows = 200, columns = 16;
        var random = new Random(7);
        var original = new FloatTensor("m", [rows, columns], [.. Enumerable.Range(0, rows * columns).Select(_ => (float)(random.NextDouble() - 0.5) / 10)]);
        var trained = original.Data.Select(v => v * 0.999f).ToArray();
        int[] moved = [3, 50, 51, 199];
        foreach (var r in moved)
        {
            for (var c = 0; c < columns; c++)
            {
                trained[(r * columns) + c] += (float)(random.NextDouble() - 0.5) / 100;
            }
        }

        var entries = RowDeltaCodec.Encode(new FloatTensor("m", [rows, columns], trained), original);
        var path = Path.Combine(TestModels.TempDirectory("row-delta"), "delta.safetensors");
        await SafetensorsWriter.WriteAsync(path, entries, null, CancellationToken.None);
        using var reader = SafetensorsReader.Open(path);
        var decoded = await RowDeltaCodec.DecodeAsync(reader, original, CancellationToken.None);

        Assert.Equal(moved.Length, reader.Find("m" + RowDeltaCodec.DeltaSuffix)!.Shape[0]);
        var scales = await reader.ReadFloat32Async("m" + RowDeltaCodec.ScaleSuffix, CancellationToken.None);
        for (var r = 0; r < rows; r++)
        {
            var stored = Array.IndexOf(moved, r);
            for (var c = 0; c < columns; c++)
            {
                var i = (r * columns) + c;
                var tolerance = stored >= 0 ? (scales[stored] / 2) + 1e-7 : 1e-7;
                Assert.True(Math.Abs(decoded[i] - trained[i]) <= tolerance, $"row {r} column {c}: {decoded[i]} vs {trained[i]}");
            }
        }

        Assert.True(new FileInfo(path).Length < rows * columns * 2, "smaller than the matrix in float16");
    }

    [Fact]
    public async Task A_matrix_whose_every_row_moved_is_stored_whole_without_row_indices()
    {
        var original = new FloatTensor("w", [4, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
        var trained = new FloatTensor("w", [4, 3], [.. original.Data.Select((v, i) => v + ((i % 5) - 2) * 0.01f)]);
        var entries = RowDeltaCodec.Encode(trained, original);
        Assert.DoesNotContain(entries, e => e.Name.EndsWith(RowDeltaCodec.RowsSuffix, StringComparison.Ordinal));
        var path = Path.Combine(TestModels.TempDirectory("row-delta-all"), "delta.safetensors");
        await SafetensorsWriter.WriteAsync(path, entries, null, CancellationToken.None);
        using var reader = SafetensorsReader.Open(path);
        var decoded = await RowDeltaCodec.DecodeAsync(reader, original, CancellationToken.None);
        for (var i = 0; i < decoded.Length; i++)
        {
            Assert.Equal(trained.Data[i], decoded[i], 1e-4);
        }
    }
}
