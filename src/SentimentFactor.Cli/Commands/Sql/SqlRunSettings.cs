using System.ComponentModel;
using SentimentFactor.Cli.Infrastructure;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Sql;

/// <summary>Arguments of `sf sql run`.</summary>
internal sealed class SqlRunSettings : SfSettings
{
    [CommandArgument(0, "<NAME>")]
    [Description("Query name as `sf sql list` shows it, e.g. factor_returns.")]
    public string Name { get; init; } = "";

    [CommandOption("-p|--param <KEY=VALUE>")]
    [Description("A parameter, key with or without its p_ prefix: --param model_id=abc --param window=20. Repeatable.")]
    public string[] Parameters { get; init; } = [];

    [CommandOption("--csv")]
    [Description("Write CSV (header + rows) to stdout instead of a table.")]
    public bool Csv { get; init; }

    public override ValidationResult Validate()
    {
        var bad = Parameters.FirstOrDefault(p => p.IndexOf('=', StringComparison.Ordinal) <= 0);
        return bad is null
            ? ValidationResult.Success()
            : ValidationResult.Error($"--param must be key=value, was '{bad}'.");
    }

    public IReadOnlyDictionary<string, string> ParameterValues() =>
        Parameters.Select(p => p.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1], StringComparer.Ordinal);
}
