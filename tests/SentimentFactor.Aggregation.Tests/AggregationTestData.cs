using Npgsql;
using NpgsqlTypes;
using SentimentFactor.Core.Calendar;
using SentimentFactor.Core.Factors;

namespace SentimentFactor.Aggregation.Tests;

/// <summary>A scored post as the tests write it.</summary>
internal sealed record TestPost(string PostId, DateTimeOffset CreatedAt, string[] Symbols, string Label, float PNeg, float PNeu, float PPos);

/// <summary>One row of sf.daily_sentiment without computed_at.</summary>
internal sealed record DailyRow(
    string ModelId, string Symbol, DateOnly TradingDay, int NPos, int NNeu, int NNeg, int NTotal,
    double? MeanPPos, double? MeanPNeu, double? MeanPNeg, double Bullishness, double? Net);

/// <summary>Writes models, posts, scores and bars for the aggregation tests, and reads sf.daily_sentiment back.</summary>
internal static class AggregationTestData
{
    public const string Source = "test";

    public static async Task AddModelAsync(NpgsqlDataSource dataSource, string modelId, params string[] labels)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO sf.models (model_id, name, kind, labels) VALUES ($1, $1, 'lexicon', $2)");
        command.Parameters.Add(new NpgsqlParameter { Value = modelId });
        command.Parameters.Add(new NpgsqlParameter { Value = labels.Length > 0 ? labels : ["negative", "neutral", "positive"] });
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Inserts the posts (if new) and their scores by <paramref name="modelId"/>.</summary>
    public static async Task AddScoredPostsAsync(NpgsqlDataSource dataSource, string modelId, IReadOnlyList<TestPost> posts)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using (var insertPosts = new NpgsqlCommand(
            """
            INSERT INTO sf.posts (source, post_id, created_at, text, symbols)
            SELECT $1, id, at, 'text', string_to_array(syms, ',')
            FROM unnest($2::text[], $3::timestamptz[], $4::text[]) AS t (id, at, syms)
            ON CONFLICT DO NOTHING
            """, connection))
        {
            insertPosts.Parameters.Add(new NpgsqlParameter { Value = Source });
            insertPosts.Parameters.Add(new NpgsqlParameter { Value = posts.Select(p => p.PostId).ToArray() });
            insertPosts.Parameters.Add(new NpgsqlParameter
            {
                Value = posts.Select(p => p.CreatedAt.ToUniversalTime()).ToArray(),
                NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz,
            });
            insertPosts.Parameters.Add(new NpgsqlParameter { Value = posts.Select(p => string.Join(',', p.Symbols)).ToArray() });
            await insertPosts.ExecuteNonQueryAsync();
        }

        await using var insertScores = new NpgsqlCommand(
            """
            INSERT INTO sf.post_scores (source, post_id, model_id, label, p_neg, p_neu, p_pos)
            SELECT $1, id, $2, label, n, u, p
            FROM unnest($3::text[], $4::text[], $5::real[], $6::real[], $7::real[]) AS t (id, label, n, u, p)
            """, connection);
        insertScores.Parameters.Add(new NpgsqlParameter { Value = Source });
        insertScores.Parameters.Add(new NpgsqlParameter { Value = modelId });
        insertScores.Parameters.Add(new NpgsqlParameter { Value = posts.Select(p => p.PostId).ToArray() });
        insertScores.Parameters.Add(new NpgsqlParameter { Value = posts.Select(p => p.Label).ToArray() });
        insertScores.Parameters.Add(new NpgsqlParameter { Value = posts.Select(p => p.PNeg).ToArray() });
        insertScores.Parameters.Add(new NpgsqlParameter { Value = posts.Select(p => p.PNeu).ToArray() });
        insertScores.Parameters.Add(new NpgsqlParameter { Value = posts.Select(p => p.PPos).ToArray() });
        await insertScores.ExecuteNonQueryAsync();
    }

    public static async Task AddBarsAsync(NpgsqlDataSource dataSource, string symbol, IReadOnlyList<(DateOnly Day, double Close)> bars)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO sf.market_bars (symbol, day, close)
            SELECT $1, d, c FROM unnest($2::date[], $3::double precision[]) AS t (d, c)
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = symbol });
        command.Parameters.Add(new NpgsqlParameter { Value = bars.Select(b => b.Day).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = bars.Select(b => b.Close).ToArray() });
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<List<DailyRow>> ReadRowsAsync(NpgsqlDataSource dataSource, string modelId)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT model_id, symbol, trading_day, n_pos, n_neu, n_neg, n_total, mean_p_pos, mean_p_neu, mean_p_neg, bullishness, net
            FROM sf.daily_sentiment WHERE model_id = $1 ORDER BY trading_day, symbol
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = modelId });
        var rows = new List<DailyRow>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new DailyRow(
                reader.GetString(0), reader.GetString(1), reader.GetFieldValue<DateOnly>(2),
                reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5), reader.GetInt32(6),
                reader.IsDBNull(7) ? null : reader.GetDouble(7),
                reader.IsDBNull(8) ? null : reader.GetDouble(8),
                reader.IsDBNull(9) ? null : reader.GetDouble(9),
                reader.GetDouble(10),
                reader.IsDBNull(11) ? null : reader.GetDouble(11)));
        }

        return rows;
    }

    /// <summary>
    /// The straightforward recomputation the SQL must equal: each post to <see cref="NasdaqCalendar.TradingDayFor"/>,
    /// counted for '*' and each symbol; a zero '*' row for every trading day of <paramref name="from"/>..<paramref name="to"/> without posts.
    /// </summary>
    public static List<DailyRow> Reference(string modelId, IEnumerable<TestPost> posts, DateOnly from, DateOnly to)
    {
        var calendar = NasdaqCalendar.Instance;
        var rows = posts
            .Select(p => (Day: calendar.TradingDayFor(p.CreatedAt), Post: p))
            .Where(x => x.Day >= from && x.Day <= to)
            .SelectMany(x => x.Post.Symbols.Prepend("*").Select(s => (x.Day, Symbol: s, x.Post)))
            .GroupBy(x => (x.Day, x.Symbol))
            .Select(g =>
            {
                var pos = g.Count(x => x.Post.Label.Equals(SentimentFactors.Positive, StringComparison.OrdinalIgnoreCase));
                var neu = g.Count(x => x.Post.Label.Equals(SentimentFactors.Neutral, StringComparison.OrdinalIgnoreCase));
                var neg = g.Count(x => x.Post.Label.Equals(SentimentFactors.Negative, StringComparison.OrdinalIgnoreCase));
                var total = g.Count();
                return new DailyRow(
                    modelId, g.Key.Symbol, g.Key.Day, pos, neu, neg, total,
                    g.Average(x => (double)x.Post.PPos), g.Average(x => (double)x.Post.PNeu), g.Average(x => (double)x.Post.PNeg),
                    SentimentFactors.Bullishness(pos, neg), SentimentFactors.Net(pos, neg, total));
            })
            .ToList();
        var withPosts = rows.Where(r => r.Symbol == "*").Select(r => r.TradingDay).ToHashSet();
        rows.AddRange(calendar.TradingDays(from, to)
            .Where(d => !withPosts.Contains(d))
            .Select(d => new DailyRow(modelId, "*", d, 0, 0, 0, 0, null, null, null, 0, null)));
        return rows.OrderBy(r => r.TradingDay).ThenBy(r => r.Symbol, StringComparer.Ordinal).ToList();
    }

    /// <summary>Asserts equal rows; means and factors within <paramref name="tolerance"/>.</summary>
    public static void AssertSameRows(IReadOnlyList<DailyRow> expected, IReadOnlyList<DailyRow> actual, double tolerance)
    {
        Xunit.Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var e = expected[i];
            var a = actual[i];
            var where = $"row {i} ({e.TradingDay} {e.Symbol})";
            Xunit.Assert.True(
                (e.ModelId, e.Symbol, e.TradingDay, e.NPos, e.NNeu, e.NNeg, e.NTotal) == (a.ModelId, a.Symbol, a.TradingDay, a.NPos, a.NNeu, a.NNeg, a.NTotal),
                $"{where}: expected {e}, was {a}");
            Close(e.MeanPPos, a.MeanPPos, tolerance, where);
            Close(e.MeanPNeu, a.MeanPNeu, tolerance, where);
            Close(e.MeanPNeg, a.MeanPNeg, tolerance, where);
            Close(e.Bullishness, a.Bullishness, tolerance, where);
            Close(e.Net, a.Net, tolerance, where);
        }
    }

    private static void Close(double? expected, double? actual, double tolerance, string where)
    {
        Xunit.Assert.True(expected.HasValue == actual.HasValue, $"{where}: expected {expected}, was {actual}");
        if (expected is { } e && actual is { } a)
        {
            Xunit.Assert.True(Math.Abs(e - a) <= tolerance, $"{where}: expected {e}, was {a} (tolerance {tolerance})");
        }
    }
}
