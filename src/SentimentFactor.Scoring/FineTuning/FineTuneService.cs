using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using SentimentFactor.Modeling.Checkpoints;
using SentimentFactor.Modeling.Onnx;
using SentimentFactor.Modeling.Training;
using SentimentFactor.Scoring.Evaluation;
using SentimentFactor.Scoring.Models;

namespace SentimentFactor.Scoring.FineTuning;

/// <summary>
/// `sf model finetune`: trains a BERT-family encoder with a sentiment head on labeled JSONL (docs/model.md,
/// "Fine-tuning"): token-budget batches reshuffled each epoch, class-weighted cross-entropy, AdamW (no decay on
/// LayerNorm and biases), linear warm-up then decay, global-norm clipping, early stopping on macro-F1, keeping the best
/// epoch's weights. A checkpoint goes to &lt;out&gt;.training at each epoch end, every few minutes and on cancellation;
/// the same command resumes from it and ends with the weights an uninterrupted run gets.
/// </summary>
public sealed class FineTuneService(ILogger<FineTuneService> logger)
{
    /// <summary>Suffix of the training folder beside the output folder.</summary>
    public const string TrainingSuffix = ".training";

    /// <summary>Runs (or resumes) the fine-tuning; <paramref name="epochDone"/> hears each finished epoch.</summary>
    public async Task<FineTuneResult> RunAsync(FineTuneOptions options, IProgress<FineTuneProgress>? progress,
        Action<FineTuneEpoch>? epochDone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var output = Path.GetFullPath(options.Output);
        if (Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any() && !options.Overwrite)
        {
            throw ScoringException.FineTuneOutputExists(options.Output);
        }

        var source = await FineTuneBase.LoadAsync(options.Base, options.Seed, cancellationToken);
        var config = source.Weights.Config;
        if (options.TrainedLayers is { } top && (top < 0 || top > config.NumHiddenLayers))
        {
            throw ScoringException.FineTuneTrainUnsupported($"top:{top}", $"the base has {config.NumHiddenLayers} layers");
        }

        if (options.LoraRank is { } rank && (rank < 1 || rank > config.HiddenSize || options.TrainedLayers is not null))
        {
            throw ScoringException.FineTuneTrainUnsupported($"lora:{rank}",
                options.TrainedLayers is not null ? "adapters go on every layer, so they do not combine with top:N" : $"the rank must be 1 to the hidden size, {config.HiddenSize}");
        }

        CheckMemory(options, config, source.MaxLength);
        var data = await FineTuneData.LoadAsync(options.Data, options.Holdout, options.Validation, options.Seed, source.Tokenizer, cancellationToken);
        if (data.Heldout.Length > 0)
        {
            var heldoutPath = Path.GetFullPath(options.HeldoutPath
                ?? Path.Combine(".sf", "data", $"{Path.GetFileNameWithoutExtension(options.Data)}.heldout-{options.Holdout.ToString(CultureInfo.InvariantCulture)}-seed{options.Seed}.jsonl"));
            Directory.CreateDirectory(Path.GetDirectoryName(heldoutPath)!);
            await File.WriteAllLinesAsync(heldoutPath, data.Heldout.Select(i => JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["text"] = data.Examples[i].Text,
                ["label"] = SentimentLabels.ToName(data.Examples[i].Label),
            })), cancellationToken);
            Log.HeldoutWritten(logger, data.Heldout.Length, heldoutPath);
        }

        var store = new FineTuneStateStore(output + TrainingSuffix);
        var resumeKey = options.ResumeKey() + "|" + source.Description;
        var checkpoint = await store.LoadAsync(cancellationToken);
        if (checkpoint is not null && checkpoint.State.ResumeKey != resumeKey)
        {
            throw ScoringException.FineTuneResumeMismatch(store.Directory, "arguments differ");
        }

        if (checkpoint is not null && checkpoint.State.DataSha256 != data.Sha256)
        {
            throw ScoringException.FineTuneResumeMismatch(store.Directory, "the data file changed");
        }

        using var model = new TrainableBert(source.Weights, new TrainableBertOptions
        {
            Pooling = options.Pooling,
            TrainedLayers = options.TrainedLayers,
            LoraRank = options.LoraRank,
            FreezeEmbeddings = options.FreezeEmbeddings,
            DropoutProbability = options.Dropout,
            Threads = options.Threads,
        });
        var parameters = model.Parameters;
        var optimizer = new AdamW(parameters, new AdamWOptions { WeightDecay = options.WeightDecay });
        var plans = Enumerable.Range(0, options.Epochs)
            .Select(e => FineTuneBatches.ForEpoch(data.Tokens, data.Train, options.MaxTokens, options.MaxBatchSize, options.Seed, e))
            .ToList();
        var totalSteps = plans.Sum(p => (long)p.Count);
        var schedule = new LearningRateSchedule(options.LearningRate, (long)Math.Round(options.Warmup * totalSteps), totalSteps);
        var classWeights = options.BalancedClassWeights ? BalancedWeights(data) : [];

        var state = checkpoint?.State ?? new FineTuneState { ResumeKey = resumeKey, DataSha256 = data.Sha256 };
        float[][]? best = null;
        if (checkpoint is not null)
        {
            foreach (var p in parameters)
            {
                checkpoint.Weights[p.Name].CopyTo(p.Value, 0);
            }

            optimizer.ImportState(new AdamWState(state.Step, parameters.Select(p => p.Name).ToArray(),
                parameters.Select(p => checkpoint.Moments["m." + p.Name]).ToArray(), parameters.Select(p => checkpoint.Moments["v." + p.Name]).ToArray()));
            best = checkpoint.Best is null ? null : parameters.Select(p => checkpoint.Best[p.Name]).ToArray();
            Log.FineTuneResumed(logger, store.Directory, state.Epoch + 1, state.Batch, state.Step);
        }

        var trainedCount = parameters.Sum(p => (long)p.Value.Length);
        Log.FineTuneStarted(logger, source.Description, data.Train.Length, data.Validation.Length, data.Heldout.Length, trainedCount, totalSteps);
        var stopwatch = Stopwatch.StartNew();
        var lastSave = stopwatch.Elapsed;
        long tokens = 0;
        var stepsHere = 0;
        var stepwatch = new Stopwatch();

        async Task SaveAsync()
        {
            await store.SaveAsync(state with { Seconds = state.Seconds + stopwatch.Elapsed.TotalSeconds }, parameters, best, optimizer.ExportState(), CancellationToken.None);
            lastSave = stopwatch.Elapsed;
        }

        for (var epoch = state.Epoch; epoch < options.Epochs && !state.Stopped; epoch++)
        {
            var batches = plans[epoch];
            long epochTokens = 0;
            var epochTime = TimeSpan.Zero;
            for (var b = state.Batch; b < batches.Count; b++)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    await SaveAsync();
                    cancellationToken.ThrowIfCancellationRequested();
                }

                stepwatch.Restart();
                var rows = batches[b];
                var batch = FineTuneBatches.ToBatch(data.Tokens, rows);
                var labels = rows.Select(data.Label).ToArray();
                model.ZeroGradients();
                var loss = model.ForwardBackward(batch, labels, classWeights, DropoutSeed(options.Seed, state.Step));
                GradientClipping.ClipGlobalNorm(parameters, options.MaxGradientNorm);
                optimizer.Step(schedule.At(state.Step));
                state = state with
                {
                    Batch = b + 1,
                    Step = state.Step + 1,
                    EpochLossSum = state.EpochLossSum + loss,
                    EpochBatches = state.EpochBatches + 1,
                };
                stepwatch.Stop();
                epochTime += stepwatch.Elapsed;
                var batchTokens = (long)batch.BatchSize * batch.SequenceLength;
                tokens += batchTokens;
                epochTokens += batchTokens;
                stepsHere++;
                Log.FineTuneStep(logger, state.Step, loss, batch.BatchSize, batch.SequenceLength, stepwatch.Elapsed.TotalMilliseconds);
                progress?.Report(new FineTuneProgress(epoch + 1, options.Epochs, state.Step, totalSteps,
                    state.EpochLossSum / state.EpochBatches, tokens / Math.Max(1e-9, stopwatch.Elapsed.TotalSeconds)));
                if (options.StopAfterSteps is { } stopAfter && stepsHere >= stopAfter)
                {
                    await SaveAsync();
                    return new FineTuneResult(false, output, state.Epochs, state.BestEpoch, null, state.Step,
                        TimeSpan.FromSeconds(state.Seconds + stopwatch.Elapsed.TotalSeconds));
                }

                if (options.CheckpointInterval is { } interval && stopwatch.Elapsed - lastSave >= interval)
                {
                    await SaveAsync();
                }
            }

            var trainLoss = state.EpochBatches == 0 ? double.NaN : state.EpochLossSum / state.EpochBatches;
            var report = data.Validation.Length > 0 ? Evaluate(model, data, data.Validation, options) : null;
            var record = new FineTuneEpoch(epoch + 1, trainLoss, report?.Accuracy ?? double.NaN, report?.MacroF1 ?? double.NaN, state.Step,
                epochTokens / Math.Max(1e-9, epochTime.TotalSeconds));
            var bestF1 = state.BestMacroF1;
            var bestEpoch = state.BestEpoch;
            if (report is not null && report.MacroF1 > bestF1)
            {
                bestF1 = report.MacroF1;
                bestEpoch = epoch + 1;
                best = parameters.Select(p => (float[])p.Value.Clone()).ToArray();
            }

            var stop = options.Patience > 0 && bestEpoch > 0 && epoch + 1 - bestEpoch >= options.Patience && epoch + 1 < options.Epochs;
            state = state with
            {
                Epoch = epoch + 1,
                Batch = 0,
                EpochLossSum = 0,
                EpochBatches = 0,
                BestMacroF1 = bestF1,
                BestEpoch = bestEpoch,
                Stopped = stop,
                Epochs = [.. state.Epochs, record],
            };
            Log.FineTuneEpoch(logger, record.Epoch, record.TrainLoss, record.Accuracy, record.MacroF1, record.TokensPerSecond);
            await SaveAsync();
            epochDone?.Invoke(record);
        }

        if (best is not null)
        {
            for (var i = 0; i < parameters.Count; i++)
            {
                best[i].CopyTo(parameters[i].Value, 0);
            }
        }

        double[]? offsets = null;
        var validationBeforeOffsets = double.NaN;
        if (options.TuneOffsets && options.Validation > 0)
        {
            // Chosen on the validation split only (never the held-out one), folded into the classifier's bias.
            var rows = data.Validation;
            validationBeforeOffsets = Evaluate(model, data, rows, options).MacroF1;
            var logits = Logits(model, data, rows, options);
            var k = config.Labels.Count;
            offsets = Training.HeadTrainer.ChooseOffsets(
                rows.Select((_, r) => logits.AsSpan(r * k, k).ToArray().Select(v => (double)v).ToArray()).ToArray(),
                rows.Select(i => data.Examples[i].Label).ToList());
            var bias = source.Weights.Data(BertWeightLayout.Classifier + ".bias");
            for (var c = 0; c < k; c++)
            {
                bias[c] += (float)offsets[c];
            }
        }

        JsonObject? calibration = null;
        if (options.Calibrate && options.Validation > 0)
        {
            calibration = Calibrate(model, source.Weights, data, options);
        }

        var heldout = data.Heldout.Length > 0 ? Evaluate(model, data, data.Heldout, options) : null;
        var elapsed = TimeSpan.FromSeconds(state.Seconds + stopwatch.Elapsed.TotalSeconds);
        var manifest = Manifest(options, source, data, state, heldout, elapsed);
        if (offsets is not null)
        {
            manifest["offsets"] = new JsonObject
            {
                ["chosen_on"] = "validation",
                ["values"] = new JsonArray(offsets.Select(o => (JsonNode)o).ToArray()),
                ["validation_macro_f1_before"] = Round(validationBeforeOffsets),
                ["validation_macro_f1_after"] = Round(Evaluate(model, data, data.Validation, options).MacroF1),
            };
        }

        if (calibration is not null)
        {
            manifest["temperature"] = calibration;
        }

        // The output is a plain checkpoint: the adapters (W += alpha/rank·B·A, the same function) go into the weights.
        model.MergeAdapters();
        await FineTuneOutput.WriteAsync(output, source.Weights, options.Pooling, source.Vocabulary, source.LowerCase, source.MaxLength,
            manifest, options.Overwrite, cancellationToken);
        store.Delete();
        Log.FineTuneWritten(logger, output, state.BestEpoch, heldout?.Accuracy ?? double.NaN, heldout?.MacroF1 ?? double.NaN, elapsed.TotalSeconds);
        return new FineTuneResult(true, output, state.Epochs, state.BestEpoch, heldout, state.Step, elapsed);
    }

    // The temperature is chosen on the validation split (never the held-out one) and divided into the classifier, so
    // the graph is unchanged and so is every argmax; only the probabilities move (docs/model.md, "Recipe and runs").
    private static JsonObject Calibrate(TrainableBert model, BertWeights weights, FineTuneData data, FineTuneOptions options)
    {
        var rows = data.Validation;
        var k = weights.Config.Labels.Count;
        var logits = Logits(model, data, rows, options);
        var perRow = rows.Select((_, r) => logits.AsSpan(r * k, k).ToArray().Select(v => (double)v).ToArray()).ToArray();
        var truth = rows.Select(i => data.Examples[i].Label).ToList();
        var temperature = Training.HeadTrainer.ChooseTemperature(perRow, [.. truth.Select(l => (int)l)]);
        double Ece(double t) => Calibration.ExpectedCalibrationError(
            perRow.Select(l => (IReadOnlyList<double>)Training.HeadTrainer.Softmax(l, t)).ToList(), truth);
        var eceBefore = Ece(1);
        DivideInPlace(weights.Data(BertWeightLayout.Classifier + ".weight"), (float)temperature);
        DivideInPlace(weights.Data(BertWeightLayout.Classifier + ".bias"), (float)temperature);
        return new JsonObject
        {
            ["chosen_on"] = "validation",
            ["value"] = temperature,
            ["validation_ece_before"] = Round(eceBefore),
            ["validation_ece_after"] = Round(Ece(temperature)),
        };

        static void DivideInPlace(float[] values, float by) => System.Numerics.Tensors.TensorPrimitives.Divide(values, by, values);
    }

    /// <summary>Predicted classes of <paramref name="rows"/> by the model as it stands (no dropout).</summary>
    public static ClassificationReport Evaluate(TrainableBert model, FineTuneData data, IReadOnlyList<int> rows, FineTuneOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        var labels = model.Weights.Config.Labels.Count;
        var logits = Logits(model, data, rows, options);
        var predicted = new List<SentimentLabel>(rows.Count);
        for (var r = 0; r < rows.Count; r++)
        {
            var row = logits.AsSpan(r * labels, labels);
            var arg = 0;
            for (var k = 1; k < labels; k++)
            {
                arg = row[k] > row[arg] ? k : arg;
            }

            predicted.Add((SentimentLabel)arg);
        }

        return ClassificationReport.Compute(rows.Select(i => data.Examples[i].Label).ToList(), predicted);
    }

    /// <summary>Logits of <paramref name="rows"/> (no dropout), row-major [rows, labels] in the order given.</summary>
    public static float[] Logits(TrainableBert model, FineTuneData data, IReadOnlyList<int> rows, FineTuneOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(options);
        var labels = model.Weights.Config.Labels.Count;
        var position = new Dictionary<int, int>();
        for (var r = 0; r < rows.Count; r++)
        {
            position[rows[r]] = r;
        }

        var result = new float[rows.Count * labels];
        foreach (var batch in FineTuneBatches.Plan(data.Tokens, rows, options.MaxTokens, options.MaxBatchSize))
        {
            var logits = model.Logits(FineTuneBatches.ToBatch(data.Tokens, batch));
            for (var r = 0; r < batch.Length; r++)
            {
                logits.AsSpan(r * labels, labels).CopyTo(result.AsSpan(position[batch[r]] * labels, labels));
            }
        }

        return result;
    }

    /// <summary>
    /// Bytes of activations one batch of <paramref name="maxTokens"/> keeps for the backward pass, roughly: per layer
    /// about 12 hidden-wide and 3 intermediate-wide float rows per token, plus three attention maps per head.
    /// </summary>
    public static long ActivationBytes(BertConfig config, int maxTokens, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(config);
        long tokens = maxTokens;
        long perLayer = (tokens * ((12L * config.HiddenSize) + (3L * config.IntermediateSize))) + (3L * config.NumAttentionHeads * tokens * Math.Min(maxTokens, maxLength));
        return 4L * perLayer * config.NumHiddenLayers;
    }

    private static void CheckMemory(FineTuneOptions options, BertConfig config, int maxLength)
    {
        var need = ActivationBytes(config, options.MaxTokens, maxLength);
        var available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (need > available / 2)
        {
            throw ScoringException.FineTuneBatchTooLarge(options.MaxTokens, need, available);
        }
    }

    // PyTorch's / scikit-learn's "balanced": n / (classes x n_class), classes present in training only.
    private static float[] BalancedWeights(FineTuneData data)
    {
        var counts = new int[SentimentLabels.Names.Count];
        foreach (var i in data.Train)
        {
            counts[data.Label(i)]++;
        }

        var present = counts.Count(c => c > 0);
        return counts.Select(c => c == 0 ? 0f : (float)(data.Train.Length / ((double)present * c))).ToArray();
    }

    // One seed per optimizer step: a resumed run draws the same dropout masks without any saved RNG state.
    private static ulong DropoutSeed(int seed, long step) => ((ulong)(uint)seed << 32) ^ (ulong)step;

    private static JsonObject Manifest(FineTuneOptions options, FineTuneBase source, FineTuneData data, FineTuneState state,
        ClassificationReport? heldout, TimeSpan elapsed)
    {
        var counts = Enum.GetValues<SentimentLabel>().Select(l => data.Examples.Count(e => e.Label == l)).ToArray();
        var epochs = new JsonArray();
        foreach (var e in state.Epochs)
        {
            epochs.Add(new JsonObject
            {
                ["epoch"] = e.Epoch,
                ["train_loss"] = Round(e.TrainLoss),
                ["accuracy"] = Round(e.Accuracy),
                ["macro_f1"] = Round(e.MacroF1),
                ["steps"] = e.Steps,
                ["tokens_per_second"] = Math.Round(e.TokensPerSecond),
            });
        }

        return new JsonObject
        {
            ["base"] = source.Description,
            ["fresh_head"] = source.FreshHead,
            ["data"] = new JsonObject
            {
                ["file"] = Path.GetFileName(options.Data),
                ["sha256"] = data.Sha256,
                ["examples"] = new JsonObject { ["negative"] = counts[0], ["neutral"] = counts[1], ["positive"] = counts[2] },
                ["train"] = data.Train.Length,
                ["validation"] = options.Validation > 0 ? data.Validation.Length : 0,
                ["heldout"] = data.Heldout.Length,
            },
            ["arguments"] = new JsonObject
            {
                ["holdout"] = options.Holdout,
                ["validation"] = options.Validation,
                ["epochs"] = options.Epochs,
                ["lr"] = options.LearningRate,
                ["max_tokens"] = options.MaxTokens,
                ["max_batch_size"] = options.MaxBatchSize,
                ["seed"] = options.Seed,
                ["class_weights"] = options.BalancedClassWeights ? "balanced" : "none",
                ["train"] = options.LoraRank is { } r ? $"lora:{r}" : options.TrainedLayers is { } n ? $"top:{n}" : "all",
                ["pooling"] = BertOnnxExporter.PoolingName(options.Pooling),
                ["freeze_embeddings"] = options.FreezeEmbeddings,
                ["dropout"] = options.Dropout,
                ["warmup"] = options.Warmup,
                ["weight_decay"] = options.WeightDecay,
                ["max_grad_norm"] = options.MaxGradientNorm,
                ["patience"] = options.Patience,
            },
            ["early_stopping_split"] = options.Validation > 0 ? "validation (carved from the training part)" : "held-out",
            ["epochs"] = epochs,
            ["best_epoch"] = state.BestEpoch,
            ["stopped_early"] = state.Stopped,
            ["steps"] = state.Step,
            ["heldout"] = heldout is null ? null : new JsonObject
            {
                ["n"] = heldout.Total,
                ["accuracy"] = Round(heldout.Accuracy),
                ["macro_f1"] = Round(heldout.MacroF1),
                ["f1"] = new JsonArray(heldout.F1.Select(f => (JsonNode)Round(f)).ToArray()),
            },
            ["seconds"] = Math.Round(elapsed.TotalSeconds, 1),
            ["machine"] = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}",
            ["written"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        };
    }

    private static double Round(double value) => double.IsNaN(value) ? -1 : Math.Round(value, 4);
}
