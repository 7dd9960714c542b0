using System.Globalization;
using System.Text;

namespace SentimentFactor.Core.Synthetic;

/// <summary>
/// Writes synthetic posts from varied templates: cashtags, news-headline and trader-chat styles, emoji, hashtags,
/// shouting, typos and stray whitespace, so the scorer meets the kind of mess real feeds have.
/// </summary>
internal sealed class PostWriter(Random random)
{
    private static readonly string[] Tickers = ["AAPL", "MSFT", "NVDA", "AMZN", "GOOGL", "META", "TSLA", "AMD", "NFLX", "QQQ", "INTC", "ADBE"];
    private static readonly string[] Companies = ["Apple", "Microsoft", "Nvidia", "Amazon", "Alphabet", "Meta", "Tesla", "AMD", "Netflix", "Invesco QQQ", "Intel", "Adobe"];

    private static readonly string[] PositiveTemplates =
    [
        "{t} beats earnings estimates and raises full-year guidance",
        "{c} shares jump after strong quarterly results",
        "{t} upgraded to buy at Morgan Stanley, price target raised",
        "Bullish on {t} here, breaking out to new highs {up}",
        "{t} calls printing today, what a rally {up}",
        "Loading up more {t}, this dip was a gift. Long and strong",
        "{c} stock soars as revenue growth accelerates",
        "{t} ripping higher, buyers in full control {up}",
        "Great quarter from {c}, margins expanding, very bullish",
        "{t} and {t2} leading the Nasdaq higher today {up}",
        "{c} rallies after record deliveries",
        "Record profit at {c}; {t} gains in premarket",
    ];

    private static readonly string[] NeutralTemplates =
    [
        "{c} to report quarterly earnings on Thursday after the close",
        "{t} options volume update for today's session",
        "What is everyone's take on {t} this week?",
        "{c} schedules annual shareholder meeting",
        "Watching {t} and {t2} into the Fed minutes",
        "{c} announces date of investor day",
        "{t} trading flat ahead of CPI data",
        "Here is the {t} chart I am watching, no position",
        "{c} files its 10-Q with the SEC",
        "Anyone have notes from the {c} conference call?",
        "{t} ex-dividend date is next Friday",
        "Market open in 10 minutes, {t} on watch",
    ];

    private static readonly string[] NegativeTemplates =
    [
        "{t} misses earnings estimates and cuts guidance",
        "{c} shares plunge after weak quarterly results",
        "{t} downgraded to sell at Goldman, price target cut",
        "Bearish on {t}, breaking down below support {down}",
        "{t} puts paying today, this thing is dumping {down}",
        "Sold all my {t}, terrible quarter. Getting out",
        "{c} stock sinks as sales slow",
        "{t} falling hard, sellers in control {down}",
        "Awful guidance from {c}, margins shrinking, very bearish",
        "{t} and {t2} dragging the Nasdaq lower today {down}",
        "{c} tumbles after regulators open a probe",
        "Losses widen at {c}; {t} drops in premarket",
    ];

    private static readonly string[] UpEmoji = ["🚀", "📈", "🔥", "💰", "🐂", "🚀🚀"];
    private static readonly string[] DownEmoji = ["📉", "🩸", "🐻", "💀", "😬", "📉📉"];
    private static readonly string[] Hashtags = ["#stocks", "#investing", "#nasdaq", "#trading", "#earnings", "#wallstreet"];

    private int _authors;

    /// <summary>The tickers posts can name, as the panel generator picks them.</summary>
    public static IReadOnlyList<string> KnownTickers => Tickers;

    public SyntheticPost Write(string id, DateTimeOffset createdAt, SyntheticLabel label)
    {
        var templates = label switch
        {
            SyntheticLabel.Positive => PositiveTemplates,
            SyntheticLabel.Negative => NegativeTemplates,
            _ => NeutralTemplates,
        };
        var company = random.Next(Tickers.Length);
        var other = (company + 1 + random.Next(Tickers.Length - 1)) % Tickers.Length;
        return Fill(id, createdAt, label, templates[random.Next(templates.Length)], company, other);
    }

    /// <summary>
    /// A post about one company only (<see cref="KnownTickers"/>[<paramref name="company"/>]): templates that name it by
    /// cashtag and name no second ticker, so the post counts for exactly that symbol.
    /// </summary>
    public SyntheticPost WriteAbout(string id, DateTimeOffset createdAt, SyntheticLabel label, int company)
    {
        var templates = (label switch
        {
            SyntheticLabel.Positive => PositiveTemplates,
            SyntheticLabel.Negative => NegativeTemplates,
            _ => NeutralTemplates,
        }).Where(t => t.Contains("{t}", StringComparison.Ordinal) && !t.Contains("{t2}", StringComparison.Ordinal)).ToArray();
        return Fill(id, createdAt, label, templates[random.Next(templates.Length)], company, company);
    }

    // Draws in a fixed order (emoji up, emoji down, noise, author), so a seed gives the same posts as before.
    private SyntheticPost Fill(string id, DateTimeOffset createdAt, SyntheticLabel label, string template, int company, int other)
    {
        var text = template
            .Replace("{t2}", "$" + Tickers[other], StringComparison.Ordinal)
            .Replace("{t}", "$" + Tickers[company], StringComparison.Ordinal)
            .Replace("{c}", Companies[company], StringComparison.Ordinal)
            .Replace("{up}", UpEmoji[random.Next(UpEmoji.Length)], StringComparison.Ordinal)
            .Replace("{down}", DownEmoji[random.Next(DownEmoji.Length)], StringComparison.Ordinal);
        text = AddNoise(text);
        _authors = (_authors + 1 + random.Next(7)) % 5000;
        return new SyntheticPost(id, createdAt, "u" + _authors.ToString(CultureInfo.InvariantCulture), text, label);
    }

    private string AddNoise(string text)
    {
        var roll = random.NextDouble();
        if (roll < 0.12)
        {
            text = Typo(text);
        }
        else if (roll < 0.18)
        {
            text = text.ToUpperInvariant();
        }
        else if (roll < 0.26)
        {
            text = text.ToLowerInvariant();
        }

        if (random.NextDouble() < 0.25)
        {
            text += " " + Hashtags[random.Next(Hashtags.Length)];
        }

        if (random.NextDouble() < 0.08)
        {
            text = "  " + text.Replace(" ", "  ", StringComparison.Ordinal) + " ";
        }

        if (random.NextDouble() < 0.05)
        {
            text += " https://t.co/" + random.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture);
        }

        return text;
    }

    // Swaps two neighbouring letters inside one word, as fast thumbs do.
    private string Typo(string text)
    {
        var builder = new StringBuilder(text);
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var i = random.Next(1, Math.Max(2, builder.Length - 2));
            if (char.IsLetter(builder[i]) && char.IsLetter(builder[i + 1]))
            {
                (builder[i], builder[i + 1]) = (builder[i + 1], builder[i]);
                break;
            }
        }

        return builder.ToString();
    }
}
