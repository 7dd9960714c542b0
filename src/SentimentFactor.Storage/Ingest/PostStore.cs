using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace SentimentFactor.Storage.Ingest;

/// <summary>
/// Writes pages of posts into sf.posts: binary COPY into a temp staging table, then one
/// INSERT ... ON CONFLICT DO NOTHING, with the page's rejects and its cursor in the same transaction.
/// A page is all or nothing; writing the same page again adds nothing.
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
    /// transaction. Cancelling rolls the whole page back.
    /// </summary>
    public async Task<PostWriteResult> WritePageAsync(
        IReadOnlyList<PostRecord> posts,
        IReadOnlyList<RejectRecord> rejects,
        CursorUpdate? cursor,
        CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long inserted = 0;
        if (posts.Count > 0)
        {
            await using (var create = new NpgsqlCommand(PostSql.CreateStage, connection, transaction))
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            await CopyPostsAsync(connection, posts, cancellationToken);
            inserted = await MergeAsync(connection, transaction, cancellationToken);
        }

        await RejectStore.CopyAsync(connection, rejects, cancellationToken);
        if (cursor is not null)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                CursorSql.Save, new { cursor.Source, cursor.Query, cursor.Position }, transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
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
                new { post.Source, post.PostId, post.CreatedAt, post.AuthorId, post.Lang, post.Text, post.Symbols, post.UserLabel },
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

    private static async Task CopyPostsAsync(NpgsqlConnection connection, IReadOnlyList<PostRecord> posts, CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync(PostSql.CopyStage, cancellationToken);
        foreach (var post in posts)
        {
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(post.Source, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(post.PostId, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(post.CreatedAt.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken);
            await WriteNullableAsync(importer, post.AuthorId, cancellationToken);
            await WriteNullableAsync(importer, post.Lang, cancellationToken);
            await importer.WriteAsync(post.Text, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(post.Symbols, NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
            await WriteNullableAsync(importer, post.UserLabel, cancellationToken);
        }

        // CompleteAsync is the commit point of the COPY; disposing without it cancels the COPY.
        await importer.CompleteAsync(cancellationToken);
    }

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter importer, string? value, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            await importer.WriteNullAsync(cancellationToken);
        }
        else
        {
            await importer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);
        }
    }
}
