namespace SentimentFactor.Storage.Scoring;

/// <summary>SQL of <see cref="ModelStore"/>.</summary>
internal static class ModelSql
{
    // The first registration names the model; a later one with the same file hash is the same model.
    public const string Register = """
        INSERT INTO sf.models (model_id, name, kind, labels, config)
        VALUES (@ModelId, @Name, @Kind, @Labels, CAST(@Config AS jsonb))
        ON CONFLICT (model_id) DO NOTHING
        """;

    public const string Get = """
        SELECT model_id, name, kind, labels, config::text
        FROM sf.models
        WHERE model_id = @ModelId
        """;
}
