using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using SentimentFactor.Scoring.Evaluation;
using SentimentFactor.Scoring.Inference;
using SentimentFactor.Scoring.Models;
using SentimentFactor.Scoring.Training;

// The lever study behind docs/model.md: `embed` caches 9 pooled blocks of every tweet once; every other verb trains a
// head on the 80 % training part (HoldoutSplit 0.2, seed 1) from the cache and prints its CV result (HELDOUT=1 also
// prints the held-out split's metrics: used for the baseline and nothing else). Scratch code, not part of the build:
//   cd docs/model-lever-study && dotnet build -c Release -o ../../.sf/lever-study && cd ../..
//   dotnet .sf/lever-study/LeverStudy.dll embed
//   HELDOUT=1 dotnet .sf/lever-study/LeverStudy.dll plain mean@6
//   dotnet .sf/lever-study/LeverStudy.dll full mean@4+mean@5+mean@6 3e-2 1e-6,3e-6,1e-5
var data = Environment.GetEnvironmentVariable("SF_LEVER_DATA") ?? "../shared/data/labeled/twitter-financial-news-train.jsonl";
var cache = Environment.GetEnvironmentVariable("SF_LEVER_CACHE") ?? ".sf/lever-study-features.bin";
var examples = await LabeledSet.ReadAsync(data, CancellationToken.None);
PoolingBlock[] blocks = [new(1, PoolingKind.Mean), new(2, PoolingKind.Mean), new(3, PoolingKind.Mean), new(4, PoolingKind.Mean), new(5, PoolingKind.Mean), new(6, PoolingKind.Mean), new(6, PoolingKind.Max), new(6, PoolingKind.Cls), new(5, PoolingKind.Max)];
if (args.Length > 0 && args[0] == "embed")
{
    var opts = new ScoringRuntimeOptions { Device = ExecutionDevice.Cpu, MaxTokensPerBatch = 4096, MaxBatchSize = 64 };
    using var enc = MiniLmEncoder.Open(opts, NullLogger.Instance, blocks);
    var sw = Stopwatch.StartNew();
    var texts = examples.Select(e => e.Text).ToList();
    var emb = await enc.EmbedAsync(texts, CancellationToken.None);
    Console.WriteLine($"embedded {emb.Length} x {emb[0].Length} in {sw.Elapsed.TotalSeconds:F1}s = {emb.Length / sw.Elapsed.TotalSeconds:F0}/s");
    using var w = new BinaryWriter(File.Create(cache));
    w.Write(emb.Length); w.Write(emb[0].Length);
    foreach (var r in emb) foreach (var v in r) w.Write(v);
    foreach (var t in texts) { var ids = enc.Tokenizer.Encode(t); w.Write(ids.Length); foreach (var id in ids) w.Write((int)id); }
    return;
}

using var rd = new BinaryReader(File.OpenRead(cache));
int n = rd.ReadInt32(), width = rd.ReadInt32();
var all = new float[n][];
for (var i = 0; i < n; i++) { all[i] = new float[width]; for (var j = 0; j < width; j++) all[i][j] = rd.ReadSingle(); }
var tokens = new long[n][];
for (var i = 0; i < n; i++) { var len = rd.ReadInt32(); tokens[i] = new long[len]; for (var j = 0; j < len; j++) tokens[i][j] = rd.ReadInt32(); }
var (trainIdx, heldIdx) = HoldoutSplit.Split(examples, 0.2, 1);
Console.WriteLine($"train {trainIdx.Length} heldout {heldIdx.Length}");

float[][] Select(int[] rows, PoolingBlock[] pick)
{
    var cols = pick.Select(b => Array.IndexOf(blocks, b)).ToArray();
    return rows.Select(i => cols.SelectMany(c => all[i].AsSpan(c * 384, 384).ToArray()).ToArray()).ToArray();
}

var lever = args[0];
var pool = args.Length > 1 ? args[1].Split('+').Select(PoolingBlock.Parse).ToArray() : [new PoolingBlock(6, PoolingKind.Mean)];
var o = new HeadTrainingOptions { Lambdas = [1e-3, 1e-2, 3e-2, 1e-1], Seed = 1, Pooling = pool, MaxIterations = 300 };
o = lever switch
{
    "plain" => o,
    "balanced" => o with { BalanceClasses = true },
    "offsets" => o with { TuneOffsets = true },
    "lexical" => o with { LexicalLambdas = [1e-5, 1e-4, 1e-3] },
    "lexical-only" => o with { Lambdas = [1e6], LexicalLambdas = [1e-5, 1e-4, 1e-3] },
    "full" => o with { LexicalLambdas = [1e-5, 1e-4, 1e-3], TuneOffsets = true, Calibrate = true },
    "calib" => o with { Calibrate = true },
    _ => throw new ArgumentException(lever),
};
if (args.Length > 2) o = o with { Lambdas = args[2].Split(',').Select(double.Parse).ToArray() };
if (args.Length > 3) o = o with { LexicalLambdas = args[3].Split(',').Select(double.Parse).ToArray() };
var sw2 = Stopwatch.StartNew();
var trainLabels = trainIdx.Select(i => examples[i].Label).ToList();
var head = HeadTrainer.Train(Select(trainIdx, pool), trainIdx.Select(i => tokens[i]).ToList(), trainLabels, o);
var grid = string.Join(" ", head.Grid.Select(g => $"{g.Lambda:G2}/{g.LexicalLambda:G2}:{g.MacroF1:F4}"));
Console.WriteLine($"LEVER {lever} pool={string.Join("+", pool.Select(p => p.ToString()))} cv_f1={head.CvMacroF1:F4} cv_f1_pre_offsets={head.CvMacroF1BeforeOffsets:F4} l2={head.Lambda} lex={head.LexicalLambda} offsets={string.Join(",", head.Offsets)} T={head.Temperature} ece_cv={head.CvEceBefore:F4}->{head.CvEceAfter:F4} lexTokens={head.Lexical.Count} secs={sw2.Elapsed.TotalSeconds:F0} grid: {grid}");
if (args.Contains("--heldout") || Environment.GetEnvironmentVariable("HELDOUT") == "1")
{
    var hx = Select(heldIdx, pool);
    var probs = heldIdx.Select((i, r) => (IReadOnlyList<double>)HeadTrainer.Softmax(head.Logits(hx[r], tokens[i]), 1.0)).ToList();
    var truth = heldIdx.Select(i => examples[i].Label).ToList();
    var pred = probs.Select(p => (SentimentLabel)Enumerable.Range(0, 3).MaxBy(k => p[k])).ToList();
    var rep = ClassificationReport.Compute(truth, pred);
    Console.WriteLine($"HELDOUT {lever} acc={rep.Accuracy:F4} f1={rep.MacroF1:F4} f1s={string.Join("/", rep.F1.Select(f => f.ToString("F3")))} ece={Calibration.ExpectedCalibrationError(probs, truth):F4} conf={string.Join(" ", Enumerable.Range(0, 9).Select(c => rep.Confusion[c / 3, c % 3]))}");
}
