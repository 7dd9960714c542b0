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
        // Read by hand: Npgsql reports text[] columns as System.Array, which Dapper cannot match to the record's string[].
        await using var command = dataSource.CreateCommand(ModelSql.Get);
        command.Parameters.AddWithValue("ModelId", modelId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new ModelRecord(
            reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<string[]>(3), reader.GetString(4));
    }
}
