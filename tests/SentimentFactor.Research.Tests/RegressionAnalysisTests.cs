using SentimentFactor.Research.Factors;
using SentimentFactor.Storage.Research;

namespace SentimentFactor.Research.Tests;

public sealed class RegressionAnalysisTests
{
    private static readonly RegressionModelInfo Model = new("abc123", "test-model", "lexicon");

    private static RegressionSpec Spec(int horizon = 1, string factors = "bullishness", int lags = 0) => new()
    {
        Benchmark = "^IXIC",
        Symbol = "*",
        Factors = factors.Split(','),
        Horizon = horizon,
        ReturnLags = lags,
        OosMinTrainingDays = 60,
    };

    [Fact]
    public void Planted_next_day_effect_is_recovered_at_h1_and_absent_at_h0()
    {
        const double beta = 0.01;
        var hits = 0;
        for (var seed = 0; seed < 20; seed++)
        {
            var rows = SyntheticFactorSeries.Create(seed, 250, beta);
            var next = RegressionAnalysis.Run(Spec(horizon: 1) with { OosMinTrainingDays = 240 }, Model, rows);
            var row = next.Ols["bullishness"];
            hits += row.HacCiLow <= beta && beta <= row.HacCiHigh ? 1 : 0;
        }

        Assert.True(hits >= 17, $"the HAC 95% CI covered the planted coefficient in {hits} of 20 runs");
        var same = RegressionAnalysis.Run(Spec(horizon: 0), Model, SyntheticFactorSeries.Create(1, 250, beta));
        Assert.True(same.Ols["bullishness"].HacPValue > 0.01, "a next-day effect must not show up on the same day");
        var strong = RegressionAnalysis.Run(Spec(horizon: 1), Model, SyntheticFactorSeries.Create(1, 250, beta));
        Assert.True(strong.Ols["bullishness"].HacPValue < 1e-3);
    }

    [Fact]
    public void Outcome_of_factor_day_t_is_the_log_return_from_close_t_to_close_t_plus_h()
    {
        var rows = SyntheticFactorSeries.Create(3, 40, 0.0);
        var data = ResearchDataset.Build(rows, Spec());
        foreach (var horizon in new[] { 0, 1, 2 })
        {
            var observations = data.Observations([FactorKind.Bullishness], horizon, 2);
            Assert.All(observations, o =>
            {
                Assert.Equal(o.InformationIndex + horizon, o.OutcomeIndex);
                Assert.Equal(Math.Log(rows[o.OutcomeIndex].Close / rows[o.OutcomeIndex - 1].Close), o.Outcome, 1e-12);
                Assert.Equal(rows[o.InformationIndex].Bullishness!.Value, o.Features[0], 1e-12);
                // Lagged-return controls are known at the close of day t and are never the outcome itself.
                var newestControl = o.InformationIndex - (horizon == 0 ? 1 : 0);
                Assert.Equal(Math.Log(rows[newestControl].Close / rows[newestControl - 1].Close), o.Features[1], 1e-12);
                Assert.True(newestControl < o.OutcomeIndex);
            });
        }

        Assert.Equal(["r[t]", "r[t-1]"], ResearchDataset.ControlNames(1, 2));
        Assert.Equal(["r[t-1]", "r[t-2]"], ResearchDataset.ControlNames(0, 2));
    }

    [Fact]
    public void Adjusted_close_is_used_only_when_every_bar_has_one()
    {
        var rows = SyntheticFactorSeries.Create(3, 40, 0.0);
        Assert.Equal("adj_close", ResearchDataset.Build(rows, Spec()).PriceField);
        rows[5] = rows[5] with { AdjClose = null };
        Assert.Equal("close", ResearchDataset.Build(rows, Spec()).PriceField);
    }

    [Fact]
    public void A_missing_bar_gives_no_return_rather_than_a_two_session_one()
    {
        var full = SyntheticFactorSeries.Create(3, 60, 0.0);
        var rows = full.ToList();
        var missing = rows[10].Day;
        rows.RemoveAt(10);
        var data = ResearchDataset.Build(rows, Spec());
        var i = Array.IndexOf(data.Days, missing);

        Assert.True(i > 0, "the grid keeps the missing session as a day");
        Assert.Null(data.Prices[i]);
        Assert.Null(data.Returns[i]);
        Assert.Null(data.Returns[i + 1]); // its previous session has no bar: not ln(P[t+1] / P[t-1])
        Assert.NotNull(data.Returns[i + 2]);
        // Lost: the missing day itself and the day before it (its next-day return needs the missing bar).
        Assert.Equal(
            RegressionAnalysis.Run(Spec(), Model, full).Observations - 2,
            RegressionAnalysis.Run(Spec(), Model, rows).Observations);
    }

    [Fact]
    public void A_bar_dated_on_a_closed_day_is_not_a_session()
    {
        var rows = SyntheticFactorSeries.Create(3, 60, 0.0);
        var saturday = rows.Select(r => r.Day).First(d => d.DayOfWeek == DayOfWeek.Friday).AddDays(1);
        var withWeekendBar = rows.Append(rows[0] with { Day = saturday, Close = 1.0, AdjClose = 1.0 }).ToList();

        var data = ResearchDataset.Build(withWeekendBar, Spec());

        Assert.DoesNotContain(saturday, data.Days);
        Assert.Equal(ResearchDataset.Build(rows, Spec()).Returns, data.Returns);
    }

    [Theory]
    [InlineData(30, 7, 100)]
    [InlineData(40, 10, 11)]
    public void A_newey_west_lag_above_a_quarter_of_n_is_refused_with_the_rule(int days, int allowed, int refused)
    {
        var rows = SyntheticFactorSeries.Create(5, days + 2, 0.01);
        var ok = RegressionAnalysis.Run(Spec() with { HacLags = allowed }, Model, rows);
        Assert.Equal(allowed, ok.Ols.HacLags);

        var error = Assert.Throws<ResearchException>(() => RegressionAnalysis.Run(Spec() with { HacLags = refused }, Model, rows));
        Assert.StartsWith(FormattableString.Invariant($"Newey-West lag {refused} is too large for n = {ok.Observations} observations: at most floor(n/4) = {ok.Observations / 4}"), error.Message);
    }

    [Fact]
    public void The_automatic_newey_west_lag_never_exceeds_a_quarter_of_n()
    {
        Assert.Equal(3, Research.Statistics.OrdinaryLeastSquares.AutomaticHacLags(30));
        Assert.Equal(4, Research.Statistics.OrdinaryLeastSquares.AutomaticHacLags(250));
        Assert.Equal(1, Research.Statistics.OrdinaryLeastSquares.AutomaticHacLags(6)); // floor(4 (0.06)^(2/9)) = 2 > floor(6/4)
    }

    [Fact]
    public void Days_below_the_minimum_posts_have_no_factor()
    {
        var rows = SyntheticFactorSeries.Create(3, 40, 0.0);
        rows[7] = rows[7] with { NTotal = 5, NPos = 3, NNeg = 1, NNeu = 1 };
        var data = ResearchDataset.Build(rows, Spec() with { MinPostsPerDay = 10 });
        Assert.Null(data.FactorSeries(FactorKind.Bullishness)[7]);
        Assert.NotNull(data.FactorSeries(FactorKind.Bullishness)[8]);
    }

    [Fact]
    public void Too_few_observations_name_the_regression_and_the_remedy()
    {
        var rows = SyntheticFactorSeries.Create(3, 20, 0.0);
        var error = Assert.Throws<ResearchException>(() => RegressionAnalysis.Run(Spec(), Model, rows));
        Assert.StartsWith("Too few observations for the regression of r[t+1] on bullishness (model abc123, ^IXIC, all days): 19, at least 30 are needed.", error.Message);
    }

    [Fact]
    public void Linearly_dependent_factors_are_a_clear_error()
    {
        var rows = SyntheticFactorSeries.Create(3, 100, 0.0);
        var error = Assert.Throws<ResearchException>(() => RegressionAnalysis.Run(Spec(factors: "share_pos,share_neg,net"), Model, rows));
        Assert.StartsWith("Singular design: regressor 'net'", error.Message);
    }

    [Fact]
    public void Unknown_factor_lists_the_known_ones()
    {
        var error = Assert.Throws<ResearchException>(() => Factor.ParseList("bullishness,mood"));
        Assert.Equal("Unknown factor 'mood'. Use one or more of: share_pos, share_neg, net, bullishness, log_volume (comma separated).", error.Message);
    }

    [Fact]
    public void Every_part_of_a_run_is_filled_on_a_long_enough_series()
    {
        var rows = SyntheticFactorSeries.Create(8, 200, 0.01);
        var results = RegressionAnalysis.Run(Spec(factors: "bullishness,log_volume", lags: 1), Model, rows);
        Assert.Equal(["const", "bullishness", "log_volume", "r[t]"], results.Ols.Coefficients.Select(c => c.Name));
        Assert.Equal(20, results.Granger.Count); // 2 factors x 5 lags x 2 directions
        Assert.NotNull(results.OutOfSample);
        Assert.NotNull(results.SeedStudy);
        Assert.Equal(rows[1].Day, results.FirstDay); // day 0 has no r[t] control
        Assert.Equal(rows[^2].Day, results.LastDay); // the last day has no next-day return
        Assert.Equal(rows[^1].Day, results.LastOutcomeDay);
        Assert.Equal(198, results.Observations);
        Assert.Empty(results.Notes);
    }

    [Fact]
    public void Results_serialize_to_snake_case_json_without_nan()
    {
        var results = RegressionAnalysis.Run(Spec(), Model, SyntheticFactorSeries.Create(8, 120, 0.01));
        var json = System.Text.Json.JsonSerializer.Serialize(results, ResearchJson.Compact);
        using var document = System.Text.Json.JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal("abc123", root.GetProperty("model_id").GetString());
        Assert.Equal(results.FirstDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), root.GetProperty("first_day").GetString());
        Assert.Equal("converged", root.GetProperty("logistic").GetProperty("status").GetString());
        Assert.True(root.GetProperty("ols").GetProperty("coefficients")[1].GetProperty("hac_standard_error").GetDouble() > 0);
        Assert.Equal(10, root.GetProperty("granger").GetArrayLength());
        Assert.DoesNotContain("NaN", json, StringComparison.Ordinal);
    }
}
