using System.ComponentModel;
using System.Globalization;
using SentimentFactor.Cli.Infrastructure;
using SentimentFactor.Modeling;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Model;

/// <summary>`sf model info`: architecture, parameter count, inputs/outputs, labels, opset and file hash.</summary>
internal sealed class ModelInfoCommand(IAnsiConsole console) : AsyncCommand<ModelInfoCommand.Settings>
{
    internal sealed class Settings : SfSettings
    {
        [CommandArgument(0, "<PATH>")]
        [Description("A converted model folder, a checkpoint folder, a model.onnx or a .safetensors file.")]
        public string Path { get; init; } = string.Empty;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var info = await ModelInfo.ReadAsync(settings.Path, cancellationToken);
        var table = new Table().AddColumns("", "");
        table.HideHeaders();
        table.AddRow("kind", info.Kind);
        table.AddRow("file", Markup.Escape(info.Path));
        table.AddRow("architecture", Markup.Escape(info.Architecture ?? "unknown"));
        if (info.Shape is not null)
        {
            table.AddRow("shape", Markup.Escape(info.Shape));
        }

        table.AddRow("parameters", info.Parameters.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("labels", Markup.Escape(string.Join(", ", info.Labels)));
        if (info.Inputs.Count > 0)
        {
            table.AddRow("inputs", Markup.Escape(string.Join("\n", info.Inputs)));
            table.AddRow("outputs", Markup.Escape(string.Join("\n", info.Outputs)));
            table.AddRow("opsets", Markup.Escape(string.Join(", ", info.Opsets)));
        }

        foreach (var (key, value) in info.Metadata.Where(m => m.Key.StartsWith("sf.", StringComparison.Ordinal) && m.Key != "sf.labels"))
        {
            table.AddRow(Markup.Escape(key), Markup.Escape(value));
        }

        table.AddRow("bytes", info.Bytes.ToString("N0", CultureInfo.InvariantCulture));
        table.AddRow("sha256", info.Sha256);
        console.Write(table);
        return 0;
    }
}
