using System.ComponentModel;
using System.Globalization;
using SentimentFactor.Cli.Infrastructure;
using SentimentFactor.Modeling.Training;
using SentimentFactor.Scoring.FineTuning;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Commands.Model;

/// <summary>`sf model finetune`: fine-tunes MiniLM or a BERT / Megatron-BERT checkpoint on labeled JSONL (docs/model.md, "Fine-tuning").</summary>
internal sealed class ModelFinetuneCommand(IAnsiConsole console, FineTuneService service) : AsyncCommand<ModelFinetuneCommand.Settings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var options = settings.ToOptions();
        FineTuneResult? result = null;
        await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask("loading", maxValue: 1);
                var report = new Progress<FineTuneProgress>(p =>
                {
                    task.MaxValue = Math.Max(p.TotalSteps, 1);
                    task.Value = p.Step;
                    task.Description = string.Create(CultureInfo.InvariantCulture,
                        $"epoch {p.Epoch}/{p.Epochs} step {p.Step}/{p.TotalSteps} loss {p.Loss:F4} {p.TokensPerSecond:F0} tok/s");
                });
                result = await service.RunAsync(options, report, epoch => console.MarkupLineInterpolated(CultureInfo.InvariantCulture,
                    $"epoch {epoch.Epoch}: train_loss={epoch.TrainLoss:F4} accuracy={epoch.Accuracy:F3} macro_f1={epoch.MacroF1:F3} tok_s={epoch.TokensPerSecond:F0}"), cancellationToken);
                task.Value = task.MaxValue;
            });
        var r = result!;
        if (!r.Completed)
        {
            console.Profile.Out.Writer.WriteLine($"model finetune: stopped after step {r.Steps}; rerun the same command to resume from {r.Directory}{FineTuneService.TrainingSuffix}");
            return 0;
        }

        var heldout = r.Heldout is { } h ? string.Create(CultureInfo.InvariantCulture, $" heldout_accuracy={h.Accuracy:F3} heldout_macro_f1={h.MacroF1:F3}") : "";
        console.Profile.Out.Writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"model finetune: epochs={r.Epochs.Count} best_epoch={r.BestEpoch} steps={r.Steps}{heldout} seconds={r.Elapsed.TotalSeconds:F0} out={r.Directory}"));
        return 0;
    }

    internal sealed class Settings : SfSettings
    {
        [CommandOption("--base <BASE>")]
        [Description("minilm (the packaged all-MiniLM-L6-v2) or a Hugging Face BERT / Megatron-BERT checkpoint folder (config.json, safetensors, vocab.txt), with or without a head.")]
        [DefaultValue("minilm")]
        public string Base { get; init; } = "minilm";

        [CommandOption("--data <FILE>")]
        [Description("Labeled JSONL: one {\"text\": ..., \"label\": \"negative|neutral|positive\"} per line.")]
        public string Data { get; init; } = "";

        [CommandOption("-o|--out <DIR>")]
        [Description("Output folder: HF checkpoint + model.onnx + training.json. Its state while training is in DIR.training.")]
        public string Out { get; init; } = "";

        [CommandOption("--holdout <FRACTION>")]
        [Description("Share of each class held out (seeded, stratified; as sf model train). Scored each epoch for early stopping unless --validation is given.")]
        [DefaultValue(0.2)]
        public double Holdout { get; init; } = 0.2;

        [CommandOption("--validation <FRACTION>")]
        [Description("Share of each class of the rest used for early stopping instead of the held-out split (which is then scored only at the end).")]
        [DefaultValue(0.0)]
        public double Validation { get; init; }

        [CommandOption("--heldout-out <FILE>")]
        [Description("Where the held-out split is written. Default: .sf/data/<data>.heldout-<fraction>-seed<seed>.jsonl.")]
        public string? HeldoutOut { get; init; }

        [CommandOption("--epochs <N>")]
        [Description("Passes over the training split (0: no training, e.g. to re-export a fine-tuned checkpoint with --tune-offsets).")]
        [DefaultValue(3)]
        public int Epochs { get; init; } = 3;

        [CommandOption("--lr <RATE>")]
        [Description("Peak learning rate.")]
        [DefaultValue(5e-5)]
        public double LearningRate { get; init; } = 5e-5;

        [CommandOption("--max-tokens <N>")]
        [Description("Token budget of one batch (rows x padded length).")]
        [DefaultValue(FineTuneOptions.DefaultMaxTokens)]
        public int MaxTokens { get; init; } = FineTuneOptions.DefaultMaxTokens;

        [CommandOption("--max-batch <N>")]
        [Description("Most texts in one batch.")]
        [DefaultValue(FineTuneOptions.DefaultMaxBatchSize)]
        public int MaxBatch { get; init; } = FineTuneOptions.DefaultMaxBatchSize;

        [CommandOption("--seed <N>")]
        [Description("Seed of the splits, batch order, dropout and the fresh head.")]
        [DefaultValue(1)]
        public int Seed { get; init; } = 1;

        [CommandOption("--class-weights <MODE>")]
        [Description("balanced (n / (classes x n_class)) or none.")]
        [DefaultValue("balanced")]
        public string ClassWeights { get; init; } = "balanced";

        [CommandOption("--train <WHAT>")]
        [Description("all; top:N (the top N layers and the head); or lora:R (rank-R adapters on every layer's query and value projections, alpha 16, plus the head; folded into the weights in the output).")]
        [DefaultValue("all")]
        public string Train { get; init; } = "all";

        [CommandOption("--pooling <P>")]
        [Description("cls (pooler over [[CLS]], BertForSequenceClassification) or mean (masked mean of the last layer).")]
        [DefaultValue("cls")]
        public string Pooling { get; init; } = "cls";

        [CommandOption("--tune-offsets")]
        [Description("After training, add per-class logit offsets chosen for macro-F1 on the --validation split to the classifier's bias.")]
        public bool TuneOffsets { get; init; }

        [CommandOption("--calibrate")]
        [Description("After training and offsets, fold into the classifier the temperature that minimises log loss on the --validation split (probabilities calibrated, predictions unchanged).")]
        public bool Calibrate { get; init; }

        [CommandOption("--freeze-embeddings")]
        [Description("Keep the embedding tables fixed.")]
        public bool FreezeEmbeddings { get; init; }

        [CommandOption("--dropout <P>")]
        [DefaultValue(0.1)]
        public double Dropout { get; init; } = 0.1;

        [CommandOption("--warmup <FRACTION>")]
        [Description("Share of the steps with a rising learning rate.")]
        [DefaultValue(0.1)]
        public double Warmup { get; init; } = 0.1;

        [CommandOption("--weight-decay <WD>")]
        [Description("AdamW decoupled weight decay (none on LayerNorm and biases).")]
        [DefaultValue(0.01)]
        public double WeightDecay { get; init; } = 0.01;

        [CommandOption("--patience <N>")]
        [Description("Stop after N epochs without a better macro-F1; 0 never stops early. The best epoch's weights are kept either way.")]
        [DefaultValue(0)]
        public int Patience { get; init; }

        [CommandOption("--checkpoint-minutes <M>")]
        [Description("Also save the training state every M minutes (0: only at epoch ends).")]
        [DefaultValue(5.0)]
        public double CheckpointMinutes { get; init; } = 5;

        [CommandOption("--threads <N>")]
        [Description("Threads of the training math (default: every core).")]
        public int? Threads { get; init; }

        [CommandOption("--force")]
        [Description("Replace a non-empty output folder.")]
        public bool Force { get; init; }

        [CommandOption("--stop-after-steps <N>", IsHidden = true)]
        public int? StopAfterSteps { get; init; }

        public override ValidationResult Validate()
        {
            var problem = string.IsNullOrWhiteSpace(Data) ? "--data <FILE> is required."
                : string.IsNullOrWhiteSpace(Out) ? "--out <DIR> is required."
                : Holdout is < 0 or >= 0.9 ? $"--holdout must be at least 0 and below 0.9, was {Holdout}."
                : Validation is < 0 or >= 0.9 ? $"--validation must be at least 0 and below 0.9, was {Validation}."
                : Epochs < 0 ? $"--epochs must not be negative (0 only re-exports, e.g. with --tune-offsets), was {Epochs}."
                : TuneOffsets && !(Validation > 0) ? "--tune-offsets needs a --validation share (offsets are never chosen on the held-out split)."
                : Calibrate && !(Validation > 0) ? "--calibrate needs a --validation share (the temperature is never chosen on the held-out split)."
                : !(LearningRate > 0 && LearningRate < 1) ? $"--lr must be above 0 and below 1, was {LearningRate}."
                : MaxTokens < 16 ? $"--max-tokens must be at least 16, was {MaxTokens}."
                : MaxBatch < 1 ? $"--max-batch must be at least 1, was {MaxBatch}."
                : ClassWeights is not ("balanced" or "none") ? $"--class-weights must be balanced or none, was '{ClassWeights}'."
                : Pooling is not ("cls" or "mean") ? $"--pooling must be cls or mean, was '{Pooling}'."
                : ParseTrain(Train) is null ? $"--train must be all, top:N or lora:R (N, R whole numbers from 1), was '{Train}'."
                : Dropout is < 0 or >= 1 ? $"--dropout must be at least 0 and below 1, was {Dropout}."
                : Warmup is < 0 or > 1 ? $"--warmup must be between 0 and 1, was {Warmup}."
                : WeightDecay < 0 ? $"--weight-decay must not be negative, was {WeightDecay}."
                : Patience < 0 ? $"--patience must not be negative, was {Patience}."
                : CheckpointMinutes < 0 ? $"--checkpoint-minutes must not be negative, was {CheckpointMinutes}."
                : Threads is < 1 ? $"--threads must be at least 1, was {Threads}."
                : null;
            return problem is null ? ValidationResult.Success() : ValidationResult.Error(problem);
        }

        public FineTuneOptions ToOptions()
        {
            var (trainedLayers, loraRank) = ParseTrain(Train)!.Value;
            return new()
            {
                Base = Base,
                Data = Data,
                Output = Out,
                Holdout = Holdout,
                Validation = Validation,
                Epochs = Epochs,
                LearningRate = LearningRate,
                MaxTokens = MaxTokens,
                MaxBatchSize = MaxBatch,
                Seed = Seed,
                BalancedClassWeights = ClassWeights == "balanced",
                TrainedLayers = trainedLayers,
                LoraRank = loraRank,
                Pooling = Pooling == "mean" ? ClassifierPooling.Mean : ClassifierPooling.ClsPooler,
                FreezeEmbeddings = FreezeEmbeddings,
                TuneOffsets = TuneOffsets,
                Calibrate = Calibrate,
                Dropout = (float)Dropout,
                Warmup = Warmup,
                WeightDecay = WeightDecay,
                Patience = Patience,
                CheckpointInterval = CheckpointMinutes > 0 ? TimeSpan.FromMinutes(CheckpointMinutes) : null,
                Threads = Threads,
                Overwrite = Force,
                HeldoutPath = HeldoutOut,
                StopAfterSteps = StopAfterSteps,
            };
        }

        private static (int? Layers, int? LoraRank)? ParseTrain(string value) =>
            value == "all" ? (null, null)
            : value.StartsWith("top:", StringComparison.Ordinal) && int.TryParse(value[4..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 ? (n, null)
            : value.StartsWith("lora:", StringComparison.Ordinal) && int.TryParse(value[5..], NumberStyles.None, CultureInfo.InvariantCulture, out var r) && r >= 1 ? (null, r)
            : null;
    }
}
