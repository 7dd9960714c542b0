namespace SentimentFactor.Storage.Research;

/// <summary>The SQL of the research stage: reading the factor series, storing regression runs.</summary>
internal static class ResearchSql
{
    /// <summary>The most recently registered model that has daily sentiment rows for the symbol.</summary>
    public const string LatestModelWithFactor = """
        SELECT m.model_id AS ModelId, m.name AS Name, m.kind AS Kind
        FROM sf.models m
        WHERE EXISTS (SELECT 1 FROM sf.daily_sentiment d WHERE d.model_id = m.model_id AND d.symbol = @Symbol)
        ORDER BY m.created_at DESC, m.model_id
        LIMIT 1
        """;

    /// <summary>Models whose id starts with the given text (a full id or a unique prefix), at most two.</summary>
    public const string ModelsByIdPrefix = """
        SELECT m.model_id AS ModelId, m.name AS Name, m.kind AS Kind
        FROM sf.models m
        WHERE m.model_id = @ModelId OR starts_with(m.model_id, @ModelId)
        ORDER BY (m.model_id = @ModelId) DESC, m.model_id
        LIMIT 2
        """;

    /// <summary>Whether the model has daily sentiment rows for the symbol.</summary>
    public const string HasFactorRows = """
        SELECT EXISTS (SELECT 1 FROM sf.daily_sentiment d WHERE d.model_id = @ModelId AND d.symbol = @Symbol)
        """;

    /// <summary>The daily bullishness of one model and symbol, in day order (what the demo sets beside its planted mood).</summary>
    public const string DailyBullishness = """
        SELECT trading_day AS Day, bullishness AS Bullishness, n_total AS Posts
        FROM sf.daily_sentiment
        WHERE model_id = @ModelId AND symbol = @Symbol
        ORDER BY trading_day
        """;

    /// <summary>
    /// Every bar of the benchmark with the model's sentiment of that trading day where there is one. All bars, not
    /// only the range: the first day's return needs the close before it, and h-day-ahead returns the bars after.
    /// </summary>
    public const string FactorSeries = """
        SELECT b.day AS Day, b.close AS Close, b.adj_close AS AdjClose,
               d.n_pos AS NPos, d.n_neu AS NNeu, d.n_neg AS NNeg, d.n_total AS NTotal, d.bullishness AS Bullishness
        FROM sf.market_bars b
        LEFT JOIN sf.daily_sentiment d
               ON d.trading_day = b.day AND d.model_id = @ModelId AND d.symbol = @Symbol
        WHERE b.symbol = @Benchmark
        ORDER BY b.day
        """;

    /// <summary>
    /// Trading days of the regressed symbol (only that symbol's rows) with at least the minimum posts, within the
    /// range, that have no benchmark bar: their factor cannot meet a return.
    /// </summary>
    public const string FactorDaysWithoutBar = """
        SELECT count(DISTINCT d.trading_day)
        FROM sf.daily_sentiment d
        WHERE d.model_id = @ModelId AND d.symbol = @Symbol
          AND d.n_total >= @MinPosts AND d.n_total > 0
          AND (CAST(@From AS date) IS NULL OR d.trading_day >= CAST(@From AS date))
          AND (CAST(@To AS date) IS NULL OR d.trading_day <= CAST(@To AS date))
          AND NOT EXISTS (SELECT 1 FROM sf.market_bars b WHERE b.symbol = @Benchmark AND b.day = d.trading_day)
        """;

    /// <summary>Stores one run; returns its id and creation time.</summary>
    public const string InsertRun = """
        INSERT INTO sf.regression_runs (model_id, spec, results, benchmark, first_day, last_day, observations, code_version)
        VALUES (@ModelId, CAST(@Spec AS jsonb), CAST(@Results AS jsonb), @Benchmark, @FirstDay, @LastDay, @Observations, @CodeVersion)
        RETURNING run_id AS RunId, created_at AS CreatedAt
        """;

    /// <summary>One stored run.</summary>
    public const string RunById = """
        SELECT run_id AS RunId, created_at AS CreatedAt, model_id AS ModelId, spec::text AS Spec, results::text AS Results,
               benchmark AS Benchmark, first_day AS FirstDay, last_day AS LastDay, observations AS Observations,
               code_version AS CodeVersion
        FROM sf.regression_runs
        WHERE run_id = @RunId
        """;

    /// <summary>The most recently registered model with per-symbol sentiment rows for symbols that have bars.</summary>
    public const string LatestModelWithPanel = """
        SELECT m.model_id AS ModelId, m.name AS Name, m.kind AS Kind
        FROM sf.models m
        WHERE EXISTS (SELECT 1 FROM sf.daily_sentiment d
                      WHERE d.model_id = m.model_id AND d.symbol <> '*'
                        AND EXISTS (SELECT 1 FROM sf.market_bars b WHERE b.symbol = d.symbol))
        ORDER BY m.created_at DESC, m.model_id
        LIMIT 1
        """;

    /// <summary>Symbols (not '*') with the model's daily sentiment and with bars: the default cross-section.</summary>
    public const string PanelSymbols = """
        SELECT DISTINCT d.symbol
        FROM sf.daily_sentiment d
        WHERE d.model_id = @ModelId AND d.symbol <> '*'
          AND EXISTS (SELECT 1 FROM sf.market_bars b WHERE b.symbol = d.symbol)
        ORDER BY d.symbol
        """;

    /// <summary>The model's daily sentiment of the given symbols.</summary>
    public const string PanelSentiment = """
        SELECT d.symbol AS Symbol, d.trading_day AS Day, d.n_pos AS NPos, d.n_neu AS NNeu, d.n_neg AS NNeg,
               d.n_total AS NTotal, d.bullishness AS Bullishness
        FROM sf.daily_sentiment d
        WHERE d.model_id = @ModelId AND d.symbol = ANY (@Symbols)
        ORDER BY d.symbol, d.trading_day
        """;

    /// <summary>Every bar of the given symbols (returns are computed from them by the one definition).</summary>
    public const string PanelBars = """
        SELECT b.symbol AS Symbol, b.day AS Day, b.close AS Close, b.adj_close AS AdjClose
        FROM sf.market_bars b
        WHERE b.symbol = ANY (@Symbols)
        ORDER BY b.symbol, b.day
        """;

    /// <summary>Stores one cross-section run; returns its id and creation time.</summary>
    public const string InsertCrossSectionRun = """
        INSERT INTO sf.crosssection_runs (model_id, factor, horizon, symbols, first_day, last_day, observations, spec, results, code_version)
        VALUES (@ModelId, @Factor, @Horizon, @Symbols, @FirstDay, @LastDay, @Observations, CAST(@Spec AS jsonb), CAST(@Results AS jsonb), @CodeVersion)
        RETURNING run_id AS RunId, created_at AS CreatedAt
        """;
}
