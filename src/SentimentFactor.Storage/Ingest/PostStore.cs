using Dapper;
using Npgsql;
using SentimentFactor.Core.Records;

namespace SentimentFactor.Storage.Ingest;

/// <summary>
/// Writes pages of posts into sf.posts, with the page's rejects and its cursor in the same transaction: either by
/// binary COPY straight into sf.posts (when asked to try it and every key of the page is new), or by binary COPY
/// into a temp staging table, then one INSERT ... ON CONFLICT DO NOTHING. A page is all or nothing; writing the same
/// page again adds nothing.
/// </summary>
public sealed class PostStore
{
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates the store over the process's data source (not owned).</summary>
    public PostStore(NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource;
    }

    /// <summary>
    /// Writes <paramref name="posts"/>, <paramref name="rejects"/> and, when given, <paramref name="cursor"/> in one
    /// transaction. With <paramref name="tryDirectCopy"/> the posts are first copied straight into sf.posts (about
    /// 40 % less server work than stage + merge); a key that is already stored or repeated in the page makes that
    /// transaction roll back, and the page is written again through the staging table, which counts the duplicates.
    /// Try it while pages come without duplicates (new data), not on a rerun. Cancelling rolls the whole page back.
    /// </summary>
    public async Task<PostWriteResult> WritePageAsync(
        IReadOnlyList<PostRecord> posts,
        IReadOnlyList<RejectRecord> rejects,
        CursorUpdate? cursor,
        bool tryDirectCopy,
        CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        if (tryDirectCopy && posts.Count > 0)
        {
            await using var direct = await connection.BeginTransactionAsync(cancellationToken);
            var copied = false;
            try
            {
                await PostCopyWriter.WriteAsync(connection, PostSql.CopyPosts, posts, cancellationToken);
                copied = true;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                // A key already stored (a rerun, an overlapping file) or twice in the page: the staging path sorts it out.
                await direct.RollbackAsync(cancellationToken);
            }

            if (copied)
            {
                await FinishAsync(connection, direct, rejects, cursor, cancellationToken);
                return new PostWriteResult(posts.Count, 0, rejects.Count, DirectCopy: true);
            }
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long inserted = 0;
        if (posts.Count > 0)
        {
            await using (var create = new NpgsqlCommand(PostSql.CreateStage, connection, transaction))
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            await PostCopyWriter.WriteAsync(connection, PostSql.CopyStage, posts, cancellationToken);
            inserted = await MergeAsync(connection, transaction, cancellationToken);
        }

        await FinishAsync(connection, transaction, rejects, cursor, cancellationToken);
        return new PostWriteResult(inserted, posts.Count - inserted, rejects.Count);
    }

    /// <summary>
    /// The baseline the COPY path is measured against: one parameterised INSERT per post (Dapper), all of
    /// <paramref name="posts"/> in one transaction. Returns the rows inserted.
    /// </summary>
    public async Task<long> InsertRowByRowAsync(IReadOnlyList<PostRecord> posts, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long inserted = 0;
        foreach (var post in posts)
        {
            inserted += await connection.ExecuteAsync(new CommandDefinition(
                PostSql.InsertOne,
                new { post.Source, post.PostId, post.CreatedAt, post.AuthorId, post.Lang, post.Text, post.Symbols, post.UserLabel, post.Kind, post.RefPostId, post.RawText },
                transaction,
                cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return inserted;
    }

    /// <summary>Number of posts stored under <paramref name="source"/>.</summary>
    public async Task<long> CountAsync(string source, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(
            new CommandDefinition(PostSql.CountBySource, new { Source = source }, cancellationToken: cancellationToken));
    }

    /// <summary>Deletes every post of <paramref name="source"/> (benchmarks clean up with it); returns the count.</summary>
    public async Task<long> DeleteSourceAsync(string source, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(
            new CommandDefinition(PostSql.DeleteBySource, new { Source = source }, commandTimeout: 600, cancellationToken: cancellationToken));
    }

    private static async Task<long> MergeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await transaction.SaveAsync("merge", cancellationToken);
        try
        {
            await using var fast = new NpgsqlCommand(PostSql.MergeNew, connection, transaction);
            return await fast.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // Another transaction stored some of these keys meanwhile: the conflict-safe merge settles it.
            await transaction.RollbackAsync("merge", cancellationToken);
            await using var safe = new NpgsqlCommand(PostSql.Merge, connection, transaction);
            return await safe.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task FinishAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<RejectRecord> rejects, CursorUpdate? cursor, CancellationToken cancellationToken)
    {
        await RejectStore.CopyAsync(connection, rejects, cancellationToken);
        if (cursor is not null)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                CursorSql.Save, new { cursor.Source, cursor.Query, cursor.Position }, transaction, cancellationToken: cancellationToken));
            if (cursor.Gap is { } gap)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    CursorSql.SaveGap,
                    new { cursor.Source, cursor.Query, From = gap.From?.UtcDateTime, To = gap.To.UtcDateTime, gap.StaleSinceId, gap.Reason },
                    transaction,
                    cancellationToken: cancellationToken));
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
