namespace SentimentFactor.Ingest.Sources.Files;

/// <summary>
/// Where each post field is found in a file record: a JSON path ("user.id_str") or a CSV column name.
/// Fields not named keep their default name (id, created_at, text, author_id, lang).
/// </summary>
public sealed class FieldMap
{
    /// <summary>The default layout; X v2 and v1.1 objects are recognised on top of it.</summary>
    public static readonly FieldMap Default = new(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));

    private readonly Dictionary<string, string> _names;

    /// <summary>Creates a map from field to name; see <see cref="Parse"/>.</summary>
    public FieldMap(IReadOnlyDictionary<string, string> names)
    {
        _names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (field, name) in names)
        {
            if (!IngestOptionsValidator.IsMappable(field) || string.IsNullOrWhiteSpace(name))
            {
                throw IngestException.BadFieldMap($"{field}={name}");
            }

            _names[field] = name.Trim();
        }
    }

    /// <summary>True when no field is renamed (layouts are then recognised automatically).</summary>
    public bool IsDefault => _names.Count == 0;

    /// <summary>The name a field is found under (its own name when not mapped).</summary>
    public string this[string field] => _names.TryGetValue(field, out var name) ? name : field;

    /// <summary>True when <paramref name="field"/> was mapped explicitly.</summary>
    public bool IsMapped(string field) => _names.ContainsKey(field);

    /// <summary>
    /// Parses "text=body,id=tweet_id" (entries may also come as several strings), over <paramref name="defaults"/>
    /// (the appsettings FieldMap).
    /// </summary>
    public static FieldMap Parse(IEnumerable<string> entries, IReadOnlyDictionary<string, string>? defaults = null)
    {
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (defaults is not null)
        {
            foreach (var (field, name) in defaults)
            {
                names[field] = name;
            }
        }

        foreach (var entry in entries.SelectMany(e => e.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var eq = entry.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == entry.Length - 1)
            {
                throw IngestException.BadFieldMap(entry);
            }

            names[entry[..eq].Trim()] = entry[(eq + 1)..].Trim();
        }

        return new FieldMap(names);
    }
}
