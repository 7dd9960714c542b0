using SentimentFactor.Storage.Research;

namespace SentimentFactor.Research;

/// <summary>Finds the model a run names by its id or a unique prefix of it (`--model`), for regress and cross-section alike.</summary>
internal static class ModelLookup
{
    /// <summary>The one model whose id is <paramref name="modelIdOrPrefix"/> or, failing that, the only one starting with it.</summary>
    /// <exception cref="ResearchException">No model matches, or the prefix matches several.</exception>
    public static async Task<RegressionModelInfo> ByIdOrPrefixAsync(
        FactorSeriesStore factorSeries, string modelIdOrPrefix, CancellationToken cancellationToken)
    {
        var matches = await factorSeries.ModelsByIdPrefixAsync(modelIdOrPrefix, cancellationToken);
        return matches.Count switch
        {
            0 => throw ResearchException.UnknownModel(modelIdOrPrefix),
            1 => matches[0],
            _ when matches[0].ModelId == modelIdOrPrefix => matches[0],
            _ => throw ResearchException.AmbiguousModel(modelIdOrPrefix, matches.Select(m => m.ModelId)),
        };
    }
}
