using Npgsql;
using SentimentFactor.Storage;
using Xunit;

namespace SentimentFactor.Storage.Tests;

public sealed class PostgresConnectionStringTests
{
    [Fact]
    public void Uri_with_escaped_password_and_sslmode_is_read()
    {
        var builder = PostgresConnectionString.Parse("postgresql://alice:p%40ss%3Aword@db.example:6543/factor?sslmode=require", "SF_DB");

        Assert.Equal("db.example", builder.Host);
        Assert.Equal(6543, builder.Port);
        Assert.Equal("alice", builder.Username);
        Assert.Equal("p@ss:word", builder.Password);
        Assert.Equal("factor", builder.Database);
        Assert.Equal(SslMode.Require, builder.SslMode);
    }

    [Fact]
    public void Uri_round_trips_through_the_psql_form()
    {
        var original = PostgresConnectionString.Parse("Host=127.0.0.1;Port=5433;Username=sf;Password=a b/c;Database=x", "test");

        var again = PostgresConnectionString.Parse(PostgresConnectionString.ToUri(original), "test");

        Assert.Equal(original.Password, again.Password);
        Assert.Equal(original.Port, again.Port);
        Assert.Equal(original.Database, again.Database);
    }

    [Fact]
    public void Default_port_is_5432_when_the_uri_has_none()
    {
        Assert.Equal(5432, PostgresConnectionString.Parse("postgres://u@localhost/db", "SF_DB").Port);
    }

    [Theory]
    [InlineData("postgresql://", "SF_DB")]
    [InlineData("Host=;Database=x", "SF_DB")]
    [InlineData("this is not a connection string", "SF_DB")]
    [InlineData("postgresql://u@h/db?sslmode=sometimes", "SF_DB")]
    public void Broken_values_get_an_error_that_names_their_origin(string value, string origin)
    {
        var error = Assert.Throws<StorageException>(() => PostgresConnectionString.Parse(value, origin));

        Assert.StartsWith($"{origin} is not a valid PostgreSQL connection string", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Description_for_logs_has_no_password()
    {
        var builder = PostgresConnectionString.Parse("postgresql://u:secret@h:1/db", "SF_DB");

        Assert.Equal("h:1/db", PostgresConnectionString.Describe(builder));
    }
}
