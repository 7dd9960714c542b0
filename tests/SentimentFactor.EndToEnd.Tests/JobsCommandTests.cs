using SentimentFactor.Scoring.Tests;
using SentimentFactor.Testing;
using Xunit;

namespace SentimentFactor.EndToEnd.Tests;

public sealed class JobsCommandTests(PostgresFixture database) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Run_nightly_runs_the_four_stage_jobs_and_sf_jobs_lists_them_in_chain_order()
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = database.ConnectionString,
            ["Scoring:ModelPath"] = TestModels.Tiny("tiny-jobs-cli"),
            ["Scoring:Device"] = "cpu",
        };

        var run = await SfRunner.RunAsync(settings, "run", "nightly");

        Assert.True(run.ExitCode == 0, $"{run.Output}\n{run.Error}");
        // No source is configured by default: ingest has nothing to do, the regression has no data.
        Assert.Contains("nightly: status=succeeded stages=ingest:succeeded,score:succeeded,aggregate:skipped,regress:skipped", run.Output, StringComparison.Ordinal);

        var jobs = await SfRunner.RunAsync(settings, "jobs");

        Assert.Equal(0, jobs.ExitCode);
        var lines = jobs.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("node", lines[0], StringComparison.Ordinal);
        Assert.Equal(["nightly.regress", "nightly.aggregate", "nightly.score", "nightly.ingest", "nightly"], lines[1..].Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]));
        var chain = lines[^1];
        Assert.Contains($"cli@{Environment.MachineName}:", chain, StringComparison.Ordinal);
        Assert.Contains("stages=ingest:succeeded,score:succeeded,aggregate:skipped,regress:skipped", chain, StringComparison.Ordinal);
        Assert.Contains($"started_on=cli@{Environment.MachineName}:", chain, StringComparison.Ordinal);
    }
}
