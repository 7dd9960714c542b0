using System.ComponentModel;
using System.Globalization;
using SentimentFactor.Cli.Infrastructure;
using SentimentFactor.Modeling.Checkpoints;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Model;

/// <summary>`sf model init`: writes a randomly initialised checkpoint in Hugging Face layout.</summary>
internal sealed class ModelInitCommand(RandomCheckpointWriter writer, IAnsiConsole console) : AsyncCommand<ModelInitCommand.Settings>
{
    internal sealed class Settings : SfSettings
    {
        [CommandOption("--arch <ARCH>")]
        [Description("megatron-bert (pre-LN, default) or bert (post-LN).")]
        [DefaultValue("megatron-bert")]
        public string Arch { get; init; } = "megatron-bert";

        [CommandOption("--layers <L>")]
        [Description("Transformer layers.")]
        [DefaultValue(2)]
        public int Layers { get; init; } = 2;

        [CommandOption("--hidden <H>")]
        [Description("Model width (a multiple of --heads).")]
        [DefaultValue(32)]
        public int Hidden { get; init; } = 32;

        [CommandOption("--heads <A>")]
        [Description("Attention heads.")]
        [DefaultValue(4)]
        public int Heads { get; init; } = 4;

        [CommandOption("--intermediate <I>")]
        [Description("Feed-forward width; 0 = 4 x hidden.")]
        [DefaultValue(0)]
        public int Intermediate { get; init; }

        [CommandOption("--labels <LIST>")]
        [Description("Comma-separated class names in logit order.")]
        [DefaultValue("negative,neutral,positive")]
        public string Labels { get; init; } = "negative,neutral,positive";

        [CommandOption("--seed <S>")]
        [Description("Seed of the random weights.")]
        [DefaultValue(1)]
        public int Seed { get; init; } = 1;

        [CommandOption("--act <ACT>")]
        [Description("hidden_act: gelu, gelu_new or relu.")]
        [DefaultValue("gelu")]
        public string Act { get; init; } = "gelu";

        [CommandOption("--std <STD>")]
        [Description("Standard deviation of the random weights (Hugging Face uses 0.02).")]
        [DefaultValue(0.02)]
        public double Std { get; init; } = 0.02;

        [CommandOption("--no-head")]
        [Description("Leave out the pooler and classifier (a bare encoder, like a pretraining checkpoint, for sf model finetune).")]
        public bool NoHead { get; init; }

        [CommandOption("--out <DIR>")]
        [Description("Folder to create (must not exist or be empty).")]
        public string? Out { get; init; }

        public override ValidationResult Validate()
        {
            if (string.IsNullOrWhiteSpace(Out))
            {
                return ValidationResult.Error("--out <DIR> is required.");
            }

            if (BertArchitectureNames.TryParse(Arch) is null)
            {
                return ValidationResult.Error($"--arch must be megatron-bert or bert, was '{Arch}'.");
            }

            return Layers < 1 || Hidden < 1 || Heads < 1 || Hidden % Heads != 0
                ? ValidationResult.Error($"--layers, --hidden, --heads must be positive and hidden a multiple of heads (were {Layers}, {Hidden}, {Heads}).")
                : ValidationResult.Success();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var spec = new RandomCheckpointSpec
        {
            Architecture = BertArchitectureNames.TryParse(settings.Arch)!.Value,
            Layers = settings.Layers,
            Hidden = settings.Hidden,
            Heads = settings.Heads,
            Intermediate = settings.Intermediate,
            Labels = settings.Labels.Split(',', StringSplitOptions.TrimEntries),
            Seed = settings.Seed,
            HiddenAct = settings.Act,
            InitStd = settings.Std,
            WithHead = !settings.NoHead,
        };
        var weights = await writer.WriteAsync(spec, settings.Out!, cancellationToken);
        console.MarkupLine(CultureInfo.InvariantCulture,
            "Wrote random [bold]{0}[/] checkpoint to [bold]{1}[/]: {2} layers, hidden {3}, {4} heads, {5:N0} parameters, labels {6}, seed {7}.",
            spec.Architecture.ToModelType(), Markup.Escape(settings.Out!), spec.Layers, spec.Hidden, spec.Heads, weights.ParameterCount,
            Markup.Escape(string.Join(",", spec.Labels)), spec.Seed);
        return 0;
    }
}
