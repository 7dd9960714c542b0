using SentimentFactor.Research.Reports;
using SentimentFactor.Storage.Research;

namespace SentimentFactor.Research.Tests.Reports;

public sealed class ReportWriterTests : IDisposable
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "sf-report-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Report_folder_has_markdown_and_three_valid_pngs()
    {
        var spec = new RegressionSpec { Benchmark = "^IXIC", Symbol = "*", Factors = ["bullishness"], OosMinTrainingDays = 60 };
        var (results, data) = RegressionAnalysis.Analyze(spec, new RegressionModelInfo("abc123", "test-model", "lexicon"), SyntheticFactorSeries.Create(4, 150, 0.01));

        var path = await ReportWriter.WriteAsync(_directory, 42, spec, results, data, DateTimeOffset.UnixEpoch, CancellationToken.None);

        var raw = await File.ReadAllBytesAsync(path);
        Assert.Equal((byte)'#', raw[0]); // no byte order mark
        var markdown = await File.ReadAllTextAsync(path);
        Assert.StartsWith("# Sentiment factor regression, run 42", markdown);
        Assert.Contains("- Model: `abc123` (test-model)", markdown);
        Assert.Contains($"n = {results.Observations}", markdown);
        Assert.Contains($"{results.FirstDay:yyyy-MM-dd} .. {results.LastDay:yyyy-MM-dd}", markdown);
        Assert.DoesNotContain("NaN", markdown);
        foreach (var png in new[] { ReportPlots.FactorAndBenchmark, ReportPlots.FactorVsNextDayReturn, ReportPlots.OutOfSampleHitRate })
        {
            Assert.Contains($"]({png})", markdown);
            var bytes = await File.ReadAllBytesAsync(Path.Combine(_directory, png));
            Assert.True(bytes.Length > 5_000, $"{png} is only {bytes.Length} bytes");
            Assert.Equal(PngSignature, bytes.Take(8));
            // IHDR: width and height, big-endian, right after the signature and the chunk header.
            Assert.Equal(1000, ReadBigEndian(bytes, 16));
            Assert.Equal(500, ReadBigEndian(bytes, 20));
        }
    }

    private static int ReadBigEndian(byte[] bytes, int offset) =>
        (bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3];
}
