using Dapper;
using Npgsql;

namespace SentimentFactor.Storage.Scoring;

/// <summary>sf.models: every model whose scores are stored, keyed by the hash of its file.</summary>
public sealed class ModelStore(NpgsqlDataSource dataSource)
{
    /// <summary>Registers a model (no-op when its id is already there).</summary>
    public async Task RegisterAsync(ModelRecord model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(ModelSql.Register, model, cancellationToken: cancellationToken));
    }

    /// <summary>The model with this id, or null.</summary>
    public async Task<ModelRecord?> GetAsync(string modelId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ModelRecord>(
            new CommandDefinition(ModelSql.Get, new { ModelId = modelId }, cancellationToken: cancellationToken));
    }
}
