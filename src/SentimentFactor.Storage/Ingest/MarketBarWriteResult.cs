namespace SentimentFactor.Storage.Ingest;

/// <summary>What one <see cref="MarketBarStore.UpsertAsync"/> did: new days, corrected days, days already equal.</summary>
public readonly record struct MarketBarWriteResult(long Inserted, long Updated, long Unchanged);
