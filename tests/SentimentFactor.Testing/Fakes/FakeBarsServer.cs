using System.Net;

namespace SentimentFactor.Testing.Fakes;

/// <summary>
/// A fake daily-bars CSV endpoint in Stooq's shape (GET /q/d/l/?s={symbol}&amp;i=d): serves the CSV set per symbol
/// (lower case), "No data" otherwise; faults as <see cref="FakeApiServer"/>.
/// </summary>
public sealed class FakeBarsServer : FakeApiServer
{
    private readonly Dictionary<string, string> _csv = new(StringComparer.OrdinalIgnoreCase);

    public FakeBarsServer(TimeProvider clock)
        : base(clock)
    {
    }

    /// <summary>URL template for Ingest:BarsUrlTemplate / --url.</summary>
    public string UrlTemplate => BaseUrl + "q/d/l/?s={symbol}&i=d";

    /// <summary>Sets the CSV served for <paramref name="symbol"/>.</summary>
    public void SetCsv(string symbol, string csv)
    {
        lock (_csv)
        {
            _csv[symbol] = csv;
        }
    }

    protected override (int Status, string Body) Route(HttpListenerRequest request)
    {
        lock (_csv)
        {
            return _csv.TryGetValue(Query(request, "s"), out var csv) ? (200, csv) : (200, "No data");
        }
    }
}
