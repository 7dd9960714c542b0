namespace SentimentFactor.Storage.Aggregation;

/// <summary>A query's result as text: column names and rows of invariant-culture cells (<c>null</c> for SQL NULL).</summary>
/// <param name="Columns">Column names in order.</param>
/// <param name="Rows">Rows, each with one cell per column.</param>
public sealed record QueryResult(IReadOnlyList<string> Columns, IReadOnlyList<string?[]> Rows);
