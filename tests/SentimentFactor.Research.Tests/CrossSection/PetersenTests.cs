using System.Globalization;
using System.Text.Json;
using SentimentFactor.Research.CrossSection;
using SentimentFactor.Testing;

namespace SentimentFactor.Research.Tests.CrossSection;

/// <summary>
/// Petersen's (2009) simulated panel (500 firms x 10 years; Data/Petersen/README.md) against his published results:
/// OLS, White, clustered by firm, by year, by firm and year, and Fama–MacBeth. Published values have 4 decimals and
/// must agree when rounded; the 6-decimal re-computations quoted beside them (R sandwich, plm) to 5e-7.
/// </summary>
public sealed class PetersenTests
{
    private static readonly Lazy<Panel> Data = new(Load);

    public static TheoryData<string> Estimators() => new() { "ols", "white", "cluster_firm", "cluster_year", "cluster_firm_year", "fama_macbeth" };

    [Theory]
    [MemberData(nameof(Estimators))]
    public void Standard_errors_match_the_published_values(string estimator)
    {
        var (coefficients, errors) = Compute(estimator);
        using var reference = JsonDocument.Parse(File.ReadAllText(DataFile("reference.json")));
        var quotes = reference.RootElement.GetProperty("estimators").GetProperty(estimator).GetProperty("quotes").EnumerateArray().ToList();
        var published = quotes.Single(q => q.GetProperty("source_id").GetString() == "petersen_page");

        for (var j = 0; j < 2; j++)
        {
            // Published to 4 decimals: the computed value must round to it.
            Assert.Equal(Number(published, "coef", j), Math.Round(coefficients[j], 4), 1e-12);
            Assert.Equal(Number(published, "se", j), Math.Round(errors[j], 4), 1e-12);
        }

        foreach (var quote in quotes.Where(q => q.TryGetProperty("se", out var se) && se[0].ValueKind == JsonValueKind.String && se[0].GetString()!.Length >= 8))
        {
            for (var j = 0; j < 2; j++)
            {
                Assert.True(Math.Abs(Number(quote, "se", j) - errors[j]) <= 5e-7,
                    $"{estimator} SE[{j}] = {errors[j]:F8}, {quote.GetProperty("source_id").GetString()} quotes {Number(quote, "se", j)}");
            }
        }
    }

    [Fact]
    public void Two_way_clustering_is_the_sum_of_the_one_way_variances_less_the_intersection()
    {
        var fit = Fit(fixedEffects: false);
        var slope = fit["x"];
        // With one row per firm-year the intersection is White's HC1: V2 = V_firm + V_year - V_white.
        Assert.Equal(Math.Sqrt((slope.SymbolSe * slope.SymbolSe) + (slope.DaySe * slope.DaySe) - (slope.WhiteSe * slope.WhiteSe)), slope.TwoWaySe!.Value, 1e-12);
        Assert.Equal(500, fit.Symbols);
        Assert.Equal(10, fit.Days);
        Assert.Equal(0.2078, Math.Round(fit.RSquared, 4), 1e-12);
    }

    [Fact]
    public void Firm_fixed_effects_absorb_the_firm_effect_and_count_its_parameters()
    {
        var fit = Fit(fixedEffects: true);
        Assert.Single(fit.Coefficients);
        Assert.Equal(501, fit.Parameters);
        // The within estimator equals OLS with 500 firm dummies, computed here directly.
        var d = Data.Value;
        var xm = d.X.Select((x, i) => x - d.X.Where((_, k) => d.Firm[k] == d.Firm[i]).Average()).ToArray();
        var ym = d.Y.Select((y, i) => y - d.Y.Where((_, k) => d.Firm[k] == d.Firm[i]).Average()).ToArray();
        var slope = xm.Zip(ym, (a, b) => a * b).Sum() / xm.Sum(a => a * a);
        Assert.Equal(slope, fit["x"].Estimate, 1e-10);
    }

    private static (double[] Coefficients, double[] Errors) Compute(string estimator)
    {
        if (estimator == "fama_macbeth")
        {
            var d = Data.Value;
            var fm = FamaMacBeth.Fit(Enumerable.Range(0, d.Y.Length).Select(i => (d.Year[i], d.X[i], d.Y[i])), minSymbols: 3);
            return ([fm.Intercept.Mean, fm.Slope.Mean], [fm.Intercept.StandardError, fm.Slope.StandardError]);
        }

        var fit = Fit(fixedEffects: false);
        double Se(ClusteredCoefficient c) => estimator switch
        {
            "ols" => c.OlsSe,
            "white" => c.WhiteSe,
            "cluster_firm" => c.SymbolSe,
            "cluster_year" => c.DaySe,
            "cluster_firm_year" => c.TwoWaySe!.Value,
            _ => throw new ArgumentOutOfRangeException(nameof(estimator), estimator, null),
        };
        return (fit.Coefficients.Select(c => c.Estimate).ToArray(), fit.Coefficients.Select(Se).ToArray());
    }

    private static PanelRegressionResult Fit(bool fixedEffects)
    {
        var d = Data.Value;
        return PanelRegression.Fit(d.Y, [("x", d.X)], PanelRegression.Codes(d.Firm), PanelRegression.Codes(d.Year), fixedEffects);
    }

    private static double Number(JsonElement quote, string field, int index) =>
        double.Parse(quote.GetProperty(field)[index].GetString()!, CultureInfo.InvariantCulture);

    private static string DataFile(string name) =>
        Path.Combine(TestPaths.RepositoryRoot, "tests", "SentimentFactor.Research.Tests", "Data", "Petersen", name);

    private static Panel Load()
    {
        var lines = File.ReadAllLines(DataFile("test_data.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        return new Panel(
            lines.Select(l => int.Parse(l[0], CultureInfo.InvariantCulture)).ToArray(),
            lines.Select(l => int.Parse(l[1], CultureInfo.InvariantCulture)).ToArray(),
            lines.Select(l => double.Parse(l[2], CultureInfo.InvariantCulture)).ToArray(),
            lines.Select(l => double.Parse(l[3], CultureInfo.InvariantCulture)).ToArray());
    }

    private sealed record Panel(int[] Firm, int[] Year, double[] X, double[] Y);
}
