using System.Text.Json;
using SentimentFactor.Modeling.Checkpoints;
using SentimentFactor.Modeling.Training;

namespace SentimentFactor.Scoring.FineTuning;

/// <summary>
/// The training folder of a run (&lt;out&gt;.training): state.json, the trained tensors (weights.safetensors), those of
/// the best epoch (best.safetensors) and AdamW's moments (optimizer.safetensors), all float32, so a resumed run
/// continues bit for bit. A save writes a new folder and swaps it in; a kill at any moment leaves the old or the new
/// one whole.
/// </summary>
public sealed class FineTuneStateStore(string directory)
{
    private const string Current = "checkpoint";
    private const string StateFile = "state.json";
    private const string WeightsFile = "weights.safetensors";
    private const string BestFile = "best.safetensors";
    private const string OptimizerFile = "optimizer.safetensors";

    /// <summary>The training folder.</summary>
    public string Directory { get; } = Path.GetFullPath(directory);

    /// <summary>Writes a checkpoint: the state, the current trained tensors, the best epoch's (if any) and the optimizer.</summary>
    public async Task SaveAsync(FineTuneState state, IReadOnlyList<TrainableParameter> parameters, IReadOnlyList<float[]>? best,
        AdamWState optimizer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(optimizer);
        System.IO.Directory.CreateDirectory(Directory);
        var staging = Path.Combine(Directory, Current + ".new");
        if (System.IO.Directory.Exists(staging))
        {
            System.IO.Directory.Delete(staging, recursive: true);
        }

        System.IO.Directory.CreateDirectory(staging);
        await SafetensorsWriter.WriteAsync(Path.Combine(staging, WeightsFile),
            parameters.Select(p => new FloatTensor(p.Name, [.. p.Shape], p.Value)).ToList(), SafetensorsDType.F32, null, cancellationToken);
        if (best is not null)
        {
            await SafetensorsWriter.WriteAsync(Path.Combine(staging, BestFile),
                parameters.Select((p, i) => new FloatTensor(p.Name, [.. p.Shape], best[i])).ToList(), SafetensorsDType.F32, null, cancellationToken);
        }

        var moments = new List<FloatTensor>();
        for (var i = 0; i < optimizer.Names.Count; i++)
        {
            moments.Add(new FloatTensor("m." + optimizer.Names[i], [optimizer.FirstMoments[i].Length], optimizer.FirstMoments[i]));
            moments.Add(new FloatTensor("v." + optimizer.Names[i], [optimizer.SecondMoments[i].Length], optimizer.SecondMoments[i]));
        }

        await SafetensorsWriter.WriteAsync(Path.Combine(staging, OptimizerFile), moments, SafetensorsDType.F32,
            new Dictionary<string, string> { ["step"] = optimizer.Step.ToString(System.Globalization.CultureInfo.InvariantCulture) }, cancellationToken);

        // state.json last: a folder with it is complete.
        await File.WriteAllTextAsync(Path.Combine(staging, StateFile), JsonSerializer.Serialize(state, FineTuneState.Json), cancellationToken);
        var current = Path.Combine(Directory, Current);
        var old = Path.Combine(Directory, Current + ".old");
        if (System.IO.Directory.Exists(old))
        {
            System.IO.Directory.Delete(old, recursive: true);
        }

        if (System.IO.Directory.Exists(current))
        {
            System.IO.Directory.Move(current, old);
        }

        System.IO.Directory.Move(staging, current);
        if (System.IO.Directory.Exists(old))
        {
            System.IO.Directory.Delete(old, recursive: true);
        }
    }

    /// <summary>The last complete checkpoint, or null when there is none.</summary>
    public async Task<FineTuneCheckpoint?> LoadAsync(CancellationToken cancellationToken)
    {
        // A kill between the two moves of a save leaves only the old folder.
        var folder = new[] { Current, Current + ".old" }.Select(f => Path.Combine(Directory, f))
            .FirstOrDefault(f => File.Exists(Path.Combine(f, StateFile)));
        if (folder is null)
        {
            return null;
        }

        try
        {
            var state = JsonSerializer.Deserialize<FineTuneState>(await File.ReadAllTextAsync(Path.Combine(folder, StateFile), cancellationToken), FineTuneState.Json)
                ?? throw new JsonException("empty");
            var weights = await ReadAllAsync(Path.Combine(folder, WeightsFile), cancellationToken);
            var best = File.Exists(Path.Combine(folder, BestFile)) ? await ReadAllAsync(Path.Combine(folder, BestFile), cancellationToken) : null;
            var moments = await ReadAllAsync(Path.Combine(folder, OptimizerFile), cancellationToken);
            return new FineTuneCheckpoint(state, weights, best, moments);
        }
        catch (Exception e) when (e is JsonException or IOException or SentimentFactor.Modeling.ModelingException)
        {
            throw ScoringException.FineTuneStateUnreadable(Directory, e.Message);
        }
    }

    /// <summary>Deletes the training folder (after the output is written).</summary>
    public void Delete()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    private static async Task<Dictionary<string, float[]>> ReadAllAsync(string path, CancellationToken cancellationToken)
    {
        using var reader = SafetensorsReader.Open(path);
        var result = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var tensor in reader.Tensors)
        {
            result[tensor.Name] = await reader.ReadFloat32Async(tensor.Name, cancellationToken);
        }

        return result;
    }
}

/// <summary>A loaded checkpoint: the state, tensors by name (trained weights, best weights, "m."/"v." moments).</summary>
public sealed record FineTuneCheckpoint(FineTuneState State, IReadOnlyDictionary<string, float[]> Weights,
    IReadOnlyDictionary<string, float[]>? Best, IReadOnlyDictionary<string, float[]> Moments);
