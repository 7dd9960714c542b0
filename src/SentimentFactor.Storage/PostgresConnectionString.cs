using System.Globalization;
using Npgsql;

namespace SentimentFactor.Storage;

/// <summary>
/// Reads a connection string written either as a libpq URI (postgresql://user:pass@host:port/db?sslmode=require),
/// which is what users paste, or in Npgsql's key=value form; and writes the URI form psql accepts.
/// </summary>
public static class PostgresConnectionString
{
    /// <summary>Parses <paramref name="value"/>; <paramref name="origin"/> names where it came from for errors.</summary>
    public static NpgsqlConnectionStringBuilder Parse(string value, string origin)
    {
        ArgumentNullException.ThrowIfNull(value);
        var trimmed = value.Trim();
        if (trimmed.Length == 0)
        {
            throw StorageException.BadConnectionString(origin, "it is empty");
        }

        var builder = trimmed.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            ? FromUri(trimmed, origin)
            : FromKeyValue(trimmed, origin);

        if (string.IsNullOrEmpty(builder.Host))
        {
            throw StorageException.BadConnectionString(origin, "it names no host");
        }

        return builder;
    }

    /// <summary>The postgresql:// URI of <paramref name="builder"/>, password included (it is for psql).</summary>
    public static string ToUri(NpgsqlConnectionStringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var userInfo = string.IsNullOrEmpty(builder.Username) ? "" : Uri.EscapeDataString(builder.Username);
        if (!string.IsNullOrEmpty(builder.Password))
        {
            userInfo += ":" + Uri.EscapeDataString(builder.Password);
        }

        var host = builder.Host ?? "localhost";
        var hostPart = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host;
        var uri = $"postgresql://{(userInfo.Length > 0 ? userInfo + "@" : "")}{hostPart}:{builder.Port}/{Uri.EscapeDataString(builder.Database ?? "postgres")}";
        if (builder.SslMode is not SslMode.Prefer and not SslMode.Disable)
        {
            uri += "?sslmode=" + builder.SslMode.ToString().ToLowerInvariant() switch
            {
                "verifyca" => "verify-ca",
                "verifyfull" => "verify-full",
                var mode => mode,
            };
        }

        return uri;
    }

    /// <summary>host:port/database, safe to log (no user, no password).</summary>
    public static string Describe(NpgsqlConnectionStringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return $"{builder.Host}:{builder.Port}/{builder.Database}";
    }

    private static NpgsqlConnectionStringBuilder FromKeyValue(string value, string origin)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(value);
        }
        catch (ArgumentException ex)
        {
            throw StorageException.BadConnectionString(origin, ex.Message);
        }
    }

    private static NpgsqlConnectionStringBuilder FromUri(string value, string origin)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            throw StorageException.BadConnectionString(origin, "it is not a well-formed URI");
        }

        var builder = new NpgsqlConnectionStringBuilder();
        if (!string.IsNullOrEmpty(uri.Host))
        {
            builder.Host = uri.Host.Trim('[', ']');
        }

        builder.Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port;
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var parameter = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            ApplyUriParameter(builder, key, parameter, origin);
        }

        return builder;
    }

    private static void ApplyUriParameter(NpgsqlConnectionStringBuilder builder, string key, string value, string origin)
    {
        switch (key.ToLowerInvariant())
        {
            case "sslmode":
                builder.SslMode = value.ToLowerInvariant() switch
                {
                    "disable" => SslMode.Disable,
                    "allow" => SslMode.Allow,
                    "prefer" => SslMode.Prefer,
                    "require" => SslMode.Require,
                    "verify-ca" => SslMode.VerifyCA,
                    "verify-full" => SslMode.VerifyFull,
                    _ => throw StorageException.BadConnectionString(origin, $"sslmode '{value}' is unknown"),
                };
                break;
            case "host":
                builder.Host = value;
                break;
            case "port":
                builder.Port = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port)
                    ? port
                    : throw StorageException.BadConnectionString(origin, $"port '{value}' is not a number");
                break;
            case "user":
                builder.Username = value;
                break;
            case "password":
                builder.Password = value;
                break;
            case "dbname":
                builder.Database = value;
                break;
            case "application_name":
                builder.ApplicationName = value;
                break;
            case "connect_timeout":
                builder.Timeout = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var timeout)
                    ? timeout
                    : throw StorageException.BadConnectionString(origin, $"connect_timeout '{value}' is not a number");
                break;
            default:
                throw StorageException.BadConnectionString(origin, $"URI parameter '{key}' is not supported");
        }
    }
}
