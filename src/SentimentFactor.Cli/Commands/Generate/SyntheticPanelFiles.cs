using System.Globalization;
using System.Text;
using System.Text.Json;
using SentimentFactor.Core.Synthetic;

namespace SentimentFactor.Cli.Commands.Generate;

/// <summary>
/// The multi-symbol world on disk, in the layouts real data comes in: panel/posts.jsonl, one Yahoo-layout CSV per
/// symbol in panel/bars/ (loadable with `sf ingest bars panel/bars`), and panel/truth.json.
/// </summary>
internal static class SyntheticPanelFiles
{
    public const string Folder = "panel";

    public static (string Posts, string Bars, string Truth) Paths(string dataDirectory)
    {
        var panel = Path.Combine(dataDirectory, Folder);
        return (Path.Combine(panel, "posts.jsonl"), Path.Combine(panel, "bars"), Path.Combine(panel, "truth.json"));
    }

    public static async Task WriteAsync(SyntheticPanelWorld world, string dataDirectory, CancellationToken cancellationToken)
    {
        var (posts, bars, truth) = Paths(dataDirectory);
        Directory.CreateDirectory(bars);
        await File.WriteAllLinesAsync(posts, world.Posts.Select(SyntheticMarketFiles.PostLine), new UTF8Encoding(false), cancellationToken);
        foreach (var symbol in world.Symbols)
        {
            var csv = new StringBuilder("Date,Open,High,Low,Close,Adj Close,Volume\n");
            foreach (var d in world.Days.Where(d => d.Symbol == symbol))
            {
                csv.Append(CultureInfo.InvariantCulture, $"{d.Day:yyyy-MM-dd},{d.Close:F4},{d.Close:F4},{d.Close:F4},{d.Close:F4},{d.Close:F4},1000000\n");
            }

            await File.WriteAllTextAsync(Path.Combine(bars, symbol + ".csv"), csv.ToString(), new UTF8Encoding(false), cancellationToken);
        }

        var json = JsonSerializer.SerializeToUtf8Bytes(new
        {
            synthetic = true,
            seed = world.Spec.Seed,
            planted = $"r(s, t+1) = market(t+1) + {world.Spec.ReturnOnMood.ToString(CultureInfo.InvariantCulture)} x mood(s, t) + noise",
            symbols = world.Symbols,
            days = world.Days.Select(d => new { symbol = d.Symbol, day = d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), mood = d.Mood, log_return = d.LogReturn }),
        }, new JsonSerializerOptions { WriteIndented = false });
        await File.WriteAllBytesAsync(truth, json, cancellationToken);
    }
}
