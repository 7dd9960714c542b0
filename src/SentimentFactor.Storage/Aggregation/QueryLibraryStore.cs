using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace SentimentFactor.Storage.Aggregation;

/// <summary>Lists and runs the SQL factor library (functions and views of schema sf) for `sf sql`.</summary>
public sealed class QueryLibraryStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly int _commandTimeoutSeconds;

    /// <summary>Creates the store over the process's data source (not owned).</summary>
    public QueryLibraryStore(NpgsqlDataSource dataSource, TimeSpan commandTimeout)
    {
        _dataSource = dataSource;
        _commandTimeoutSeconds = (int)Math.Ceiling(commandTimeout.TotalSeconds);
    }

    /// <summary>The installed set-returning functions and views of schema sf, by name.</summary>
    public async Task<IReadOnlyList<LibraryQuery>> ListAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(QueryLibrarySql.List);
        var queries = new List<LibraryQuery>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            queries.Add(new LibraryQuery(
                reader.GetString(0), reader.GetString(1), reader.GetString(2),
                reader.GetFieldValue<string[]>(3), reader.GetString(4)));
        }

        return queries;
    }

    /// <summary>
    /// Runs query <paramref name="name"/> with <paramref name="parameters"/> (key = argument name with or
    /// without its p_ prefix; values are passed untyped, so PostgreSQL parses them as the argument's type).
    /// </summary>
    /// <exception cref="StorageException">Unknown query or parameter, or the database refused the call.</exception>
    public async Task<QueryResult> RunAsync(
        string name, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        var queries = await ListAsync(cancellationToken);
        var query = queries.FirstOrDefault(q => q.Name == name)
            ?? throw StorageException.UnknownQuery(name, queries.Select(q => q.Name));

        await using var command = _dataSource.CreateCommand();
        command.CommandTimeout = _commandTimeoutSeconds;
        var arguments = new List<string>();
        foreach (var (key, value) in parameters)
        {
            var argument = query.ArgumentNames.FirstOrDefault(a => a == key || a == "p_" + key)
                ?? throw StorageException.BadParameter(name, key, query.ArgumentNames);
            command.Parameters.Add(new NpgsqlParameter { Value = value, NpgsqlDbType = NpgsqlDbType.Unknown });
            arguments.Add($"{Quote(argument)} => ${command.Parameters.Count}");
        }

        command.CommandText = query.Kind == "view"
            ? $"SELECT * FROM sf.{Quote(name)}"
            : $"SELECT * FROM sf.{Quote(name)}({string.Join(", ", arguments)})";
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
            var rows = new List<string?[]>();
            while (await reader.ReadAsync(cancellationToken))
            {
                var row = new string?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = Format(reader, i);
                }

                rows.Add(row);
            }

            return new QueryResult(columns, rows);
        }
        catch (PostgresException e) when (e.SqlState is not PostgresErrorCodes.QueryCanceled and not PostgresErrorCodes.AdminShutdown)
        {
            throw StorageException.QueryFailed(name, e.MessageText, e);
        }
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string? Format(NpgsqlDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }

        return reader.GetDataTypeName(ordinal) switch
        {
            "date" => reader.GetFieldValue<DateOnly>(ordinal).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "timestamp with time zone" => reader.GetFieldValue<DateTime>(ordinal).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture),
            "double precision" => reader.GetDouble(ordinal).ToString("R", CultureInfo.InvariantCulture),
            "real" => reader.GetFloat(ordinal).ToString("R", CultureInfo.InvariantCulture),
            _ => Convert.ToString(reader.GetValue(ordinal), CultureInfo.InvariantCulture),
        };
    }
}
