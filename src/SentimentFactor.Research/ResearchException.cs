using System.Globalization;
using SentimentFactor.Core;

namespace SentimentFactor.Research;

/// <summary>A research run that cannot give an honest answer: too little data, a degenerate design, a bad spec.</summary>
public sealed class ResearchException : SentimentFactorException
{
    private ResearchException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    /// <summary>Fewer observations than the estimator needs.</summary>
    public static ResearchException TooFewObservations(string what, int observations, int required, string remedy) =>
        new($"Too few observations for {what}: {observations}, at least {required} are needed. {remedy}");

    /// <summary>A regressor that never changes over the sample (its effect cannot be told from the intercept).</summary>
    public static ResearchException ConstantRegressor(string name, double value) =>
        new($"Regressor '{name}' is constant ({Format(value)}) over the sample, so its effect cannot be estimated. Drop it from the spec or widen the date range.");

    /// <summary>The dependent variable never changes over the sample.</summary>
    public static ResearchException ConstantOutcome(string name, double value) =>
        new($"The outcome '{name}' is constant ({Format(value)}) over the sample, so there is nothing to explain. Check the benchmark's bars (sf.market_bars) or widen the date range.");

    /// <summary>Columns of the design are (numerically) linear combinations of each other.</summary>
    public static ResearchException SingularDesign(string name, IEnumerable<string> others) =>
        new($"Singular design: regressor '{name}' is a linear combination of {string.Join(", ", others.Select(o => $"'{o}'"))}. Use fewer factors (share_pos, share_neg and net are linearly dependent together).");

    /// <summary>The regressors reproduce the outcome exactly: almost always the outcome leaked into the spec.</summary>
    public static ResearchException PerfectFit(string outcome) =>
        new($"The regressors explain '{outcome}' exactly (zero residuals), which real returns never allow. Check that the outcome is not among the regressors.");

    /// <summary>A factor name the spec does not know.</summary>
    public static ResearchException UnknownFactor(string value) =>
        new($"Unknown factor '{value}'. Use one or more of: share_pos, share_neg, net, bullishness, log_volume (comma separated).");

    /// <summary>No model has daily sentiment rows to regress.</summary>
    public static ResearchException NoModelWithFactor(string symbol) =>
        new($"No model has rows in sf.daily_sentiment for symbol '{symbol}'. Score posts and aggregate them first ('sf score', 'sf aggregate'), or pass --model.");

    /// <summary>No model has this id or id prefix.</summary>
    public static ResearchException UnknownModel(string modelId) =>
        new($"No model '{modelId}' in sf.models. List models with 'sf db psql -c \"SELECT model_id, name FROM sf.models\"', or leave --model out to use the most recent one.");

    /// <summary>An id prefix that matches several models.</summary>
    public static ResearchException AmbiguousModel(string prefix, IEnumerable<string> matches) =>
        new($"Model id prefix '{prefix}' matches several models ({string.Join(", ", matches)}, ...). Give more characters of the id.");

    /// <summary>A spec (options merged with command-line values) that fails validation.</summary>
    public static ResearchException InvalidSpec(IEnumerable<string> failures) =>
        new($"Invalid regression spec: {string.Join(" ", failures)} Fix the option or the Research section of appsettings.json.");

    /// <summary>The named model has no daily sentiment rows.</summary>
    public static ResearchException ModelHasNoFactor(string modelId, string symbol) =>
        new($"Model '{modelId}' has no rows in sf.daily_sentiment for symbol '{symbol}'. Run 'sf aggregate' for it or pick another model with --model.");

    /// <summary>The benchmark has no bars.</summary>
    public static ResearchException NoBenchmarkBars(string benchmark) =>
        new($"No bars for benchmark '{benchmark}' in sf.market_bars. Load market data first ('sf ingest bars') or set --benchmark / Market:Benchmark.");

    /// <summary>A spec whose date range is empty.</summary>
    public static ResearchException EmptyDateRange(DateOnly from, DateOnly to) =>
        new($"Empty date range: from {from:yyyy-MM-dd} is after to {to:yyyy-MM-dd}. Swap --from and --to.");

    /// <summary>A seed-study rule name that does not exist.</summary>
    public static ResearchException UnknownSeedRule(string rule) =>
        new($"Unknown seed-study rule '{rule}'. Use 'net' (n_pos > n_neg) or 'majority' (n_pos > n_total / 2).");

    /// <summary>A Newey–West lag too large for the sample: the HAC errors would shrink towards zero.</summary>
    public static ResearchException HacLagTooLarge(int lags, int observations, int maximum) =>
        new(string.Create(CultureInfo.InvariantCulture, $"Newey-West lag {lags} is too large for n = {observations} observations: at most floor(n/4) = {maximum} is allowed, since a lag near n shrinks the HAC standard errors towards zero. Lower --hac-lags / Research:HacLags, or leave it unset for floor(4(n/100)^(2/9))."));

    /// <summary>No model has per-symbol sentiment for symbols with bars.</summary>
    public static ResearchException NoPanel() =>
        new("No model has per-symbol rows in sf.daily_sentiment for symbols with bars in sf.market_bars. Load each symbol's bars ('sf ingest bars <folder>' with one CSV per symbol, e.g. AAPL.csv), score and aggregate posts that name them, or pass --model.");

    /// <summary>Symbols asked for that have no sentiment of the model or no bars.</summary>
    public static ResearchException SymbolsWithoutPanel(IEnumerable<string> symbols, string modelId) =>
        new($"Symbol(s) {string.Join(", ", symbols)} have no daily sentiment of model '{modelId}' or no bars in sf.market_bars. Load their bars ('sf ingest bars <folder>') or leave them out of --symbols.");

    private static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
