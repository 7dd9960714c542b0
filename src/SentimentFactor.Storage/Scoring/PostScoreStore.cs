using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace SentimentFactor.Storage.Scoring;

/// <summary>
/// sf.post_scores: claims unscored posts of a model in chunks and writes their scores, one transaction per chunk
/// (binary COPY into a temp table, then one upsert). A chunk is all or nothing: killing the process at any moment
/// loses at most the chunk in flight, and the next run claims it again.
/// </summary>
public sealed class PostScoreStore(NpgsqlDataSource dataSource)
{
    /// <summary>Posts (created at or after <paramref name="since"/>, when given) that have no score of this model.</summary>
    public async Task<long> CountUnscoredAsync(string modelId, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            PostScoreSql.CountUnscored, new { ModelId = modelId, Since = since?.UtcDateTime }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Claims up to <paramref name="limit"/> unscored posts after <paramref name="after"/> (key order), hands them to
    /// <paramref name="score"/>, and writes what it returns, all in one transaction. Returns the claimed posts'
    /// count and the last key (pass it back as <paramref name="after"/>); 0 when nothing is left.
    /// </summary>
    public async Task<(int Claimed, (string Source, string PostId)? Last)> ScoreChunkAsync(
        string modelId, DateTimeOffset? since, (string Source, string PostId)? after, int limit,
        Func<IReadOnlyList<PostToScore>, CancellationToken, Task<IReadOnlyList<PostScoreRow>>> score,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(score);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var parameters = new
        {
            ModelId = modelId,
            Since = since?.UtcDateTime,
            AfterSource = after?.Source,
            AfterPostId = after?.PostId,
            Limit = limit,
        };
        var posts = (await connection.QueryAsync<PostToScore>(new CommandDefinition(
            after is null ? PostScoreSql.ClaimFirst : PostScoreSql.ClaimAfter, parameters, transaction,
            cancellationToken: cancellationToken))).AsList();
        if (posts.Count == 0)
        {
            return (0, null);
        }

        var rows = await score(posts, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(PostScoreSql.CreateStaging, transaction: transaction, cancellationToken: cancellationToken));
        await using (var importer = await connection.BeginBinaryImportAsync(PostScoreSql.CopyStaging, cancellationToken))
        {
            foreach (var row in rows)
            {
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(row.Source, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(row.PostId, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(row.Label, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(row.PNeg, NpgsqlDbType.Real, cancellationToken);
                await importer.WriteAsync(row.PNeu, NpgsqlDbType.Real, cancellationToken);
                await importer.WriteAsync(row.PPos, NpgsqlDbType.Real, cancellationToken);
            }

            await importer.CompleteAsync(cancellationToken);
        }

        await connection.ExecuteAsync(new CommandDefinition(
            PostScoreSql.UpsertFromStaging, new { ModelId = modelId }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        var last = posts[^1];
        return (posts.Count, (last.Source, last.PostId));
    }
}
