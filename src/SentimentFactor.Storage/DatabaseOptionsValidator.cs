using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace SentimentFactor.Storage;

/// <summary>Collects every bad Database:* value, naming the key, the bound and the value.</summary>
internal sealed partial class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            failures.Add($"{DatabaseOptions.Section}:DataDirectory must name a folder, was empty.");
        }

        if (options.Port is < 0 or > 65535)
        {
            failures.Add($"{DatabaseOptions.Section}:Port must be 0 (pick a free port) or 1-65535, was {options.Port}.");
        }

        if (!DatabaseName().IsMatch(options.Name))
        {
            failures.Add($"{DatabaseOptions.Section}:Name must be a plain identifier (letters, digits, _), was '{options.Name}'.");
        }

        if (string.IsNullOrWhiteSpace(options.ServerUser))
        {
            failures.Add($"{DatabaseOptions.Section}:ServerUser must name an OS user, was empty.");
        }

        if (options.StartTimeout < TimeSpan.FromSeconds(1) || options.StartTimeout > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{DatabaseOptions.Section}:StartTimeout must be between 00:00:01 and 00:10:00, was {options.StartTimeout}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,62}$")]
    private static partial Regex DatabaseName();
}
