namespace SentimentFactor.Storage.Aggregation;

/// <summary>One query of the SQL factor library as the database has it installed.</summary>
/// <param name="Name">Name in schema sf.</param>
/// <param name="Kind">"function" or "view".</param>
/// <param name="Arguments">The function's argument list with types and defaults, as PostgreSQL prints it.</param>
/// <param name="ArgumentNames">Input argument names (p_...); empty for a view.</param>
/// <param name="Description">The COMMENT on it.</param>
public sealed record LibraryQuery(string Name, string Kind, string Arguments, IReadOnlyList<string> ArgumentNames, string Description);
