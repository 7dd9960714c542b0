using Microsoft.Extensions.Options;
using SentimentFactor.Core.Synthetic;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Generate;

/// <summary>`sf generate`: write a reproducible synthetic market (posts, index bars, the truth) to a folder.</summary>
internal sealed class GenerateCommand(IAnsiConsole console, IOptions<DemoOptions> options) : AsyncCommand<GenerateSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, GenerateSettings settings, CancellationToken cancellationToken)
    {
        var directory = settings.Out is { } typed ? Path.GetFullPath(typed) : Path.Combine(options.Value.Directory, "data");
        var world = SyntheticMarket.Generate(settings.ToSpec(options.Value));
        await SyntheticMarketFiles.WriteAsync(world, directory, cancellationToken);
        var (posts, bars, truth) = SyntheticMarketFiles.Paths(directory);
        console.MarkupLineInterpolated($"[yellow]Synthetic data[/] (seed {world.Spec.Seed}): {world.Days.Count} trading days {world.Days[0].Day:yyyy-MM-dd}..{world.Days[^1].Day:yyyy-MM-dd}, {world.Posts.Count:N0} posts, planted next-day effect {world.Spec.ReturnOnMood} per s.d. of mood.");
        console.WriteLine($"  posts  {posts}");
        console.WriteLine($"  bars   {bars}");
        console.WriteLine($"  truth  {truth}");
        if (settings.ToPanelSpec(options.Value, world.Days[0].Day) is { } panelSpec)
        {
            var panel = SyntheticPanel.Generate(panelSpec);
            await SyntheticPanelFiles.WriteAsync(panel, directory, cancellationToken);
            var (panelPosts, panelBars, panelTruth) = SyntheticPanelFiles.Paths(directory);
            console.MarkupLineInterpolated($"[yellow]Synthetic multi-symbol world[/] (seed {panelSpec.Seed}): {panel.Symbols.Count} symbols ({string.Join(", ", panel.Symbols)}), {panelSpec.TradingDays} trading days {panel.Days[0].Day:yyyy-MM-dd}..{panel.Days[^1].Day:yyyy-MM-dd}, {panel.Posts.Count:N0} posts, planted cross-sectional effect {panelSpec.ReturnOnMood} per s.d. of each symbol's mood.");
            console.WriteLine($"  posts  {panelPosts}");
            console.WriteLine($"  bars   {panelBars}{Path.DirectorySeparatorChar} (one CSV per symbol: sf ingest bars {panelBars})");
            console.WriteLine($"  truth  {panelTruth}");
        }
        return 0;
    }
}
