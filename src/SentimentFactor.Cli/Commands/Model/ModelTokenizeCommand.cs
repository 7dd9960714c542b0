using System.ComponentModel;
using SentimentFactor.Cli.Infrastructure;
using SentimentFactor.Scoring.Models;
using SentimentFactor.Scoring.Tokenization;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Model;

/// <summary>
/// `sf model tokenize MODEL_DIR "text" ...`: the token ids the scoring engine feeds the model, one line per text
/// (space-separated, [CLS] first, [SEP] last), to check a tokenizer against another or across machines.
/// </summary>
internal sealed class ModelTokenizeCommand(IAnsiConsole console) : AsyncCommand<ModelTokenizeCommand.Settings>
{
    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var files = ModelFiles.Locate(settings.ModelDirectory);
        var config = ModelConfig.Load(files.ConfigPath);
        var tokenizer = WordPieceTokenizer.Load(files.VocabularyPath, config.LowerCase, config.MaxLength);
        foreach (var text in settings.Texts)
        {
            console.Profile.Out.Writer.WriteLine(string.Join(' ', tokenizer.Encode(text)));
        }

        return Task.FromResult(0);
    }

    internal sealed class Settings : SfSettings
    {
        [CommandArgument(0, "<MODEL_DIR>")]
        [Description("Model directory (config.json, vocab.txt or tokenizer.json).")]
        public string ModelDirectory { get; init; } = "";

        [CommandArgument(1, "<TEXT>")]
        [Description("One or more texts to tokenize.")]
        public string[] Texts { get; init; } = [];
    }
}
