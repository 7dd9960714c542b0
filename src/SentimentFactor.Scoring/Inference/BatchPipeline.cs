using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using SentimentFactor.Modeling.Runtime;
using SentimentFactor.Scoring.Tokenization;

namespace SentimentFactor.Scoring.Inference;

/// <summary>
/// Tokenizes texts, plans batches, and runs them: a producer task fills padded batches while the model runs the
/// previous one; they meet in a bounded channel, and a fixed set of batch buffers circulates between them.
/// </summary>
internal sealed class BatchPipeline : IDisposable
{
    private readonly OnnxSequenceClassifier _runner;
    private readonly WordPieceTokenizer _tokenizer;
    private readonly int _maxTokensPerBatch;
    private readonly int _maxBatchSize;
    private readonly int _queueDepth;
    private readonly ILogger _logger;
    private readonly TokenBatch[] _buffers;

    public BatchPipeline(OnnxSequenceClassifier runner, WordPieceTokenizer tokenizer, int maxTokensPerBatch, int maxBatchSize, int queueDepth, ILogger logger)
    {
        _runner = runner;
        _tokenizer = tokenizer;
        _maxTokensPerBatch = Math.Max(maxTokensPerBatch, tokenizer.MaxLength);
        _maxBatchSize = maxBatchSize;
        _queueDepth = queueDepth;
        _logger = logger;
        var capacityTokens = Math.Max(_maxTokensPerBatch, BatchPlan.FixedBatchSize * tokenizer.MaxLength);
        var capacityRows = Math.Max(maxBatchSize, BatchPlan.FixedBatchSize);
        // One being filled, QueueDepth waiting, one in the model.
        _buffers = Enumerable.Range(0, queueDepth + 2).Select(_ => new TokenBatch(capacityTokens, capacityRows)).ToArray();
        Probe();
    }

    /// <summary>Values per text in the output.</summary>
    public int Width => _runner.Width;

    public OnnxSequenceClassifier Runner => _runner;

    /// <summary>Disposes the runner (its ONNX Runtime session), which this pipeline owns.</summary>
    public void Dispose() => _runner.Dispose();

    public WordPieceTokenizer Tokenizer => _tokenizer;

    /// <summary>
    /// Runs every text through the model and writes its output row to <paramref name="output"/> at
    /// [text * width, (text + 1) * width). Returns the run's counts and times.
    /// </summary>
    public async Task<PipelineStats> RunAsync(
        IReadOnlyList<string> texts, float[] output, BatchingMode mode, CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        if (output.Length < texts.Count * _runner.Width)
        {
            throw new ArgumentException($"The output holds {output.Length} values, fewer than {texts.Count} texts x {_runner.Width}.", nameof(output));
        }

        if (texts.Count == 0)
        {
            return new PipelineStats(0, 0, 0, 0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
        }

        var free = Channel.CreateBounded<TokenBatch>(_buffers.Length);
        foreach (var buffer in _buffers)
        {
            free.Writer.TryWrite(buffer);
        }

        var ready = Channel.CreateBounded<TokenBatch>(new BoundedChannelOptions(_queueDepth) { SingleReader = true, SingleWriter = true });
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tokenizeTime = TimeSpan.Zero;
        long useful = 0, computed = 0;
        var batches = 0;
        var producer = Task.Run(
            async () =>
            {
                try
                {
                    var started = Stopwatch.GetTimestamp();
                    var (arena, offsets, lengths) = Tokenize(texts, linked.Token);
                    var plan = BatchPlan.Create(mode, lengths, _tokenizer.MaxLength, _maxTokensPerBatch, _maxBatchSize);
                    tokenizeTime = Stopwatch.GetElapsedTime(started);
                    foreach (var planned in plan)
                    {
                        var batch = await free.Reader.ReadAsync(linked.Token);
                        Fill(batch, planned, arena, offsets, lengths);
                        await ready.Writer.WriteAsync(batch, linked.Token);
                    }

                    ready.Writer.Complete();
                }
                catch (Exception e)
                {
                    ready.Writer.Complete(e);
                }
            },
            linked.Token);

        var modelTime = TimeSpan.Zero;
        var waitTime = TimeSpan.Zero;
        using var runOptions = new RunOptions();
        await using (linked.Token.Register(() => runOptions.Terminate = true))
        {
            try
            {
                var width = -1;
                while (true)
                {
                    var waitStarted = Stopwatch.GetTimestamp();
                    if (!await ready.Reader.WaitToReadAsync(linked.Token))
                    {
                        break;
                    }

                    if (batches > 0)
                    {
                        waitTime += Stopwatch.GetElapsedTime(waitStarted);
                    }

                    var batch = await ready.Reader.ReadAsync(linked.Token);
                    var runStarted = Stopwatch.GetTimestamp();
                    ReadOnlySpan<float> rows;
                    try
                    {
                        rows = Run(batch, runOptions);
                    }
                    catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
                    {
                        throw new OperationCanceledException(cancellationToken);
                    }
                    catch (OnnxRuntimeException e)
                    {
                        throw ScoringException.InferenceFailed(_runner.Source, e);
                    }

                    var elapsed = Stopwatch.GetElapsedTime(runStarted);
                    modelTime += elapsed;
                    width = _runner.Width;
                    for (var r = 0; r < batch.Rows; r++)
                    {
                        var text = batch.TextIndex[r];
                        rows.Slice(r * width, width).CopyTo(output.AsSpan(text * width, width));
                    }

                    batches++;
                    useful += batch.UsefulTokens;
                    computed += (long)batch.Rows * batch.Length;
                    Log.Batch(_logger, batch.Rows, batch.Length, batch.UsefulTokens, elapsed.TotalMilliseconds);
                    free.Writer.TryWrite(batch);
                }

                await producer;
            }
            catch
            {
                await linked.CancelAsync();
                try
                {
                    await producer;
                }
                catch (OperationCanceledException)
                {
                    // The producer stops because we cancelled it; the consumer's exception is the one to report.
                }

                throw;
            }
        }

        return new PipelineStats(texts.Count, batches, useful, computed, tokenizeTime, modelTime, waitTime, total.Elapsed);
    }

    // One tiny run before any work: learns a symbolic output width and proves that the highest vocabulary id is
    // inside the model's embedding table (a vocab.txt of another model fails here, not in the middle of a run).
    private void Probe()
    {
        var batch = _buffers[0];
        var ids = _tokenizer.Encode("");
        batch.Rows = 1;
        batch.Length = 3;
        batch.InputIds[0] = ids[0];
        batch.InputIds[1] = _tokenizer.VocabSize - 1;
        batch.InputIds[2] = ids[^1];
        batch.AttentionMask.AsSpan(0, 3).Fill(1);
        batch.TokenTypeIds.AsSpan(0, 3).Clear();
        using var runOptions = new RunOptions();
        try
        {
            Run(batch, runOptions);
        }
        catch (OnnxRuntimeException e)
        {
            throw ScoringException.VocabMismatch(_runner.Source, _tokenizer.VocabSize, e);
        }
    }

    private ReadOnlySpan<float> Run(TokenBatch batch, RunOptions runOptions) =>
        _runner.Run(batch.InputIds, batch.AttentionMask, batch.TokenTypeIds, batch.Rows, batch.Length, runOptions);

    private (long[] Arena, int[] Offsets, int[] Lengths) Tokenize(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var scratch = new long[_tokenizer.MaxLength];
        var arena = new long[Math.Max(1024, texts.Count * 48)];
        var offsets = new int[texts.Count];
        var lengths = new int[texts.Count];
        var used = 0;
        for (var i = 0; i < texts.Count; i++)
        {
            if ((i & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var n = _tokenizer.Encode(texts[i], scratch);
            if (used + n > arena.Length)
            {
                Array.Resize(ref arena, Math.Max(arena.Length * 2, used + n));
            }

            scratch.AsSpan(0, n).CopyTo(arena.AsSpan(used));
            offsets[i] = used;
            lengths[i] = n;
            used += n;
        }

        return (arena, offsets, lengths);
    }

    private static void Fill(TokenBatch batch, PlannedBatch planned, long[] arena, int[] offsets, int[] lengths)
    {
        var length = planned.Length;
        batch.Rows = planned.Texts.Length;
        batch.Length = length;
        var useful = 0;
        for (var r = 0; r < planned.Texts.Length; r++)
        {
            var text = planned.Texts[r];
            var n = lengths[text];
            var ids = batch.InputIds.AsSpan(r * length, length);
            var mask = batch.AttentionMask.AsSpan(r * length, length);
            arena.AsSpan(offsets[text], n).CopyTo(ids);
            ids[n..].Clear();
            mask[..n].Fill(1);
            mask[n..].Clear();
            batch.TokenTypeIds.AsSpan(r * length, length).Clear();
            batch.TextIndex[r] = text;
            useful += n;
        }

        batch.UsefulTokens = useful;
    }
}
