using System.ComponentModel;
using SentimentFactor.Cli.Infrastructure;
using SentimentFactor.Ingest.Sources.Files;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Ingest;

/// <summary>Arguments of `sf ingest file`.</summary>
internal sealed class IngestFileSettings : SfSettings
{
    [CommandArgument(0, "<PATH>")]
    [Description("JSONL or CSV files (gzip recognised by content).")]
    public string[] Paths { get; init; } = [];

    [CommandOption("--source <NAME>")]
    [Description("Value of posts.source for these posts.")]
    [DefaultValue("file")]
    public string Source { get; init; } = "file";

    [CommandOption("--format <FORMAT>")]
    [Description("jsonl, csv or auto (extension, then content).")]
    [DefaultValue(FileFormat.Auto)]
    public FileFormat Format { get; init; } = FileFormat.Auto;

    [CommandOption("--map <FIELD=NAME>")]
    [Description("Field names that differ from id, created_at, text, author_id, lang: e.g. text=body,id=tweet_id,author_id=user.id.")]
    public string[] Map { get; init; } = [];

    [CommandOption("--no-header")]
    [Description("CSV files without a header row (e.g. Sentiment140): columns are named by position from 1, so map them: --map id=2,created_at=3,author_id=5,text=6.")]
    public bool NoHeader { get; init; }

    [CommandOption("--encoding <NAME>")]
    [Description("Text encoding of the files, converted to UTF-8 as read: utf-8, latin1, windows-1252, ...")]
    [DefaultValue("utf-8")]
    public string Encoding { get; init; } = "utf-8";

    /// <summary>What --no-header and --encoding say (validated).</summary>
    public FileLayout Layout => new(!NoHeader, FileLayout.EncodingNamed(Encoding));

    public override ValidationResult Validate() =>
        Paths.Length == 0 ? ValidationResult.Error("Give at least one file.")
        : string.IsNullOrWhiteSpace(Source) ? ValidationResult.Error("--source must not be empty.")
        : NoHeader && Format == FileFormat.Jsonl ? ValidationResult.Error("--no-header is for CSV files; JSONL has no header.")
        : FileLayout.EncodingNamed(Encoding) is null ? ValidationResult.Error($"--encoding '{Encoding}' is not an encoding .NET knows (try utf-8, latin1, windows-1252).")
        : ValidationResult.Success();
}
