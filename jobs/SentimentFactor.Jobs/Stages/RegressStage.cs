using Microsoft.Extensions.Options;
using SentimentFactor.Jobs.Chain;
using SentimentFactor.Research;
using SentimentFactor.Storage;

namespace SentimentFactor.Jobs.Stages;

/// <summary>
/// Regresses the factor on the benchmark with the Research section's spec (up to the requested day) and stores the
/// run with its report. Too little data for an honest answer (a young database, no bars yet) is a skip with the
/// reason, not a failure: retrying would not change it.
/// </summary>
public sealed class RegressStage(RegressionService service, IOptions<ResearchOptions> research, IOptions<MarketOptions> market, IOptions<JobsOptions> options) : INightlyStage
{
    /// <summary>The stage's name.</summary>
    public const string StageName = "regress";

    /// <inheritdoc />
    public string Name => StageName;

    /// <inheritdoc />
    public async Task<StageOutcome> RunAsync(StageContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!options.Value.Regress)
        {
            return StageOutcome.Skip("Jobs:Regress is false.");
        }

        var spec = research.Value.ToSpec(market.Value.Benchmark);
        if (context.Day is { } day && (spec.To is null || spec.To > day))
        {
            spec = spec with { To = day };
        }

        RegressionRun run;
        try
        {
            run = await service.RunAsync(context.DataSource, spec, writeReport: true, reportDirectory: null, cancellationToken);
        }
        catch (ResearchException ex)
        {
            return StageOutcome.Skip(ex.Message);
        }

        var outcome = new StageOutcome();
        outcome.Counts["run_id"] = run.RunId;
        outcome.Counts["model"] = run.Results.ModelId;
        outcome.Counts["observations"] = run.Results.Observations;
        outcome.Counts["report"] = run.ReportPath;
        return outcome;
    }
}
