using SentimentFactor.Storage;
using Xunit;

namespace SentimentFactor.Storage.Tests;

public sealed class DatabaseOptionsValidatorTests
{
    [Fact]
    public void Defaults_are_valid()
    {
        Assert.True(new DatabaseOptionsValidator().Validate(null, new DatabaseOptions()).Succeeded);
    }

    [Fact]
    public void Every_bad_value_is_reported_with_its_key_and_value()
    {
        var options = new DatabaseOptions { Port = 70000, Name = "drop table", DataDirectory = " ", StartTimeout = TimeSpan.Zero };

        var result = new DatabaseOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Contains(failures, f => f.StartsWith("Database:Port", StringComparison.Ordinal) && f.Contains("70000", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Database:Name", StringComparison.Ordinal) && f.Contains("drop table", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Database:DataDirectory", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Database:StartTimeout", StringComparison.Ordinal));
    }
}
