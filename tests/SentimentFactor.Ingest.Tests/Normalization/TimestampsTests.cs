using SentimentFactor.Ingest.Normalization;

namespace SentimentFactor.Ingest.Tests.Normalization;

public sealed class TimestampsTests
{
    [Theory]
    [InlineData("2024-03-01T15:04:05Z", "2024-03-01T15:04:05+00:00")]
    [InlineData("2024-03-01T15:04:05.123Z", "2024-03-01T15:04:05.123+00:00")]
    [InlineData("2024-03-01T10:04:05-05:00", "2024-03-01T15:04:05+00:00")]
    [InlineData("2024-03-01 17:04:05+02:00", "2024-03-01T15:04:05+00:00")]
    [InlineData("Wed Jan 01 03:59:03 +0000 2014", "2014-01-01T03:59:03+00:00")]
    [InlineData("Mon Jul 14 22:00:00 -0400 2014", "2014-07-15T02:00:00+00:00")]
    [InlineData("1709305445", "2024-03-01T15:04:05+00:00")]
    [InlineData("Mon Apr 06 22:19:45 PDT 2009", "2009-04-07T05:19:45+00:00")] // Sentiment140
    [InlineData("Mon Jan 05 22:19:45 PST 2009", "2009-01-06T06:19:45+00:00")]
    [InlineData("Tue Jun 16 08:40:49 EDT 2009", "2009-06-16T12:40:49+00:00")]
    [InlineData("Tue Jun 16 08:40:49 utc 2009", "2009-06-16T08:40:49+00:00")]
    public void Timestamps_become_utc(string text, string expected)
    {
        var result = Timestamps.TryParse(text, assumeUtcWithoutOffset: false, out var utc);

        Assert.Equal(Timestamps.Result.Ok, result);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), utc);
        Assert.Equal(TimeSpan.Zero, utc.Offset);
    }

    [Theory]
    [InlineData("2024-02-30T10:00:00Z")]
    [InlineData("2024-13-01T10:00:00Z")]
    [InlineData("yesterday at noon")]
    [InlineData("Wed Feb 30 03:59:03 +0000 2014")]
    [InlineData("Mon Apr 06 22:19:45 IST 2009")] // India, Ireland or Israel: not guessed
    [InlineData("Mon Apr 06 22:19:45 PDT")]
    public void Impossible_dates_are_invalid(string text)
    {
        Assert.Equal(Timestamps.Result.Invalid, Timestamps.TryParse(text, false, out _));
    }

    [Fact]
    public void A_time_without_offset_is_refused_unless_utc_is_assumed()
    {
        Assert.Equal(Timestamps.Result.NoOffset, Timestamps.TryParse("2024-03-01 15:04:05", false, out _));
        Assert.Equal(Timestamps.Result.Ok, Timestamps.TryParse("2024-03-01 15:04:05", true, out var utc));
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 15, 4, 5, TimeSpan.Zero), utc);
    }

    [Theory]
    [InlineData("2024-03-01T15:04:05Z")]
    [InlineData("2024-03-01T15:04:05.1234567Z")]
    [InlineData("2024-03-01T10:04:05-05:00")]
    [InlineData("2024-03-01 17:04:05+0200")]
    [InlineData("2024-12-31T23:30:00-01:00")]
    public void The_fast_path_agrees_with_the_general_parser(string text)
    {
        Assert.True(FastTimestamp.TryParse(System.Text.Encoding.UTF8.GetBytes(text), out var fast));
        Assert.Equal(Timestamps.Result.Ok, Timestamps.TryParse(text, false, out var general));
        Assert.Equal(general, fast);
        Assert.Equal(TimeSpan.Zero, fast.Offset);
    }

    [Theory]
    [InlineData("2024-02-30T10:00:00Z")]
    [InlineData("2024-03-01T24:00:00Z")]
    [InlineData("2024-03-01T10:00:00")]
    [InlineData("Wed Jan 01 03:59:03 +0000 2014")]
    public void The_fast_path_leaves_the_rest_to_the_general_parser(string text)
    {
        Assert.False(FastTimestamp.TryParse(System.Text.Encoding.UTF8.GetBytes(text), out _));
    }
}
