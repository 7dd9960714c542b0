using System.ComponentModel;
using System.Text.Json;
using SentimentFactor.Cli.Infrastructure;
using SentimentFactor.Scoring;
using SentimentFactor.Scoring.Inference;
using SentimentFactor.Scoring.Models;
using Spectre.Console;
using Spectre.Console.Cli;
using SentimentFactor.Modeling.Runtime;

namespace SentimentFactor.Cli.Commands.Model;

/// <summary>`sf model predict MODEL_DIR "text" ...`: each text's label and probabilities (a quick check of a model).</summary>
internal sealed class ModelPredictCommand(IAnsiConsole console, ScoringService scoring)
    : AsyncCommand<ModelPredictCommand.Settings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var device = settings.Device is null ? (ExecutionDevice?)null : ExecutionDeviceParser.Parse(settings.Device);
        using var classifier = await scoring.OpenClassifierAsync(settings.ModelDirectory, device, cancellationToken);
        var scores = await classifier.ScoreAsync(settings.Texts, cancellationToken);
        if (settings.Json)
        {
            // One object per line, probabilities as the model's float32 values written to round-trip exactly.
            for (var i = 0; i < scores.Length; i++)
            {
                var s = scores[i];
                console.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(new PredictionLine(
                    settings.Texts[i], SentimentLabels.ToName(s.Label), new Probabilities(s.PNeg, s.PNeu, s.PPos)), JsonLines));
            }

            return 0;
        }

        var table = new Table().AddColumns("text", "label", "p_neg", "p_neu", "p_pos");
        for (var i = 0; i < scores.Length; i++)
        {
            var s = scores[i];
            table.AddRow(Markup.Escape(settings.Texts[i]), SentimentLabels.ToName(s.Label), s.PNeg.ToString("F3"), s.PNeu.ToString("F3"), s.PPos.ToString("F3"));
        }

        console.Write(table);
        return 0;
    }

    private static readonly JsonSerializerOptions JsonLines = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private sealed record PredictionLine(string Text, string Label, Probabilities Probabilities);

    private sealed record Probabilities(float Negative, float Neutral, float Positive);

    internal sealed class Settings : SfSettings
    {
        [CommandOption("--json")]
        [Description("One JSON object per line: text, label and the full-precision probabilities (for scripts).")]
        public bool Json { get; init; }

        [CommandArgument(0, "<MODEL_DIR>")]
        [Description("Model directory (model.onnx, config.json, vocab.txt or tokenizer.json).")]
        public string ModelDirectory { get; init; } = "";

        [CommandArgument(1, "<TEXT>")]
        [Description("One or more texts to classify.")]
        public string[] Texts { get; init; } = [];

        [CommandOption("-d|--device <DEVICE>")]
        [Description("auto, cuda, or cpu.")]
        public string? Device { get; init; }
    }
}
