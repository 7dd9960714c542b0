using System.Text.Json;
using System.Text.Json.Serialization;

namespace SentimentFactor.Research;

/// <summary>The JSON shape of specs and results: snake_case keys and enum values, dates as yyyy-MM-dd.</summary>
public static class ResearchJson
{
    /// <summary>Compact, for the jsonb columns.</summary>
    public static JsonSerializerOptions Compact { get; } = Create(indented: false);

    /// <summary>Indented, for `sf regress --json`.</summary>
    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            WriteIndented = indented,
            NumberHandling = JsonNumberHandling.Strict,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
