using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using SentimentFactor.Storage;
using SentimentFactor.Storage.Migrations;
using SentimentFactor.Testing;
using Xunit;

namespace SentimentFactor.Storage.Tests.Migrations;

public sealed class SchemaMigratorTests
{
    private static SchemaMigrator Migrator(params Migration[] migrations) => new(migrations, NullLogger<SchemaMigrator>.Instance);

    [Fact]
    public async Task Embedded_migrations_create_every_table_of_the_data_model()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        var applied = await SchemaMigrator.FromEmbedded(NullLoggerFactory.Instance).MigrateAsync(database.DataSource, CancellationToken.None);

        Assert.Equal(Migration.LoadEmbedded().Count, applied.Count);
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var tables = (await connection.QueryAsync<string>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'sf'")).ToHashSet();
        foreach (var table in new[] { "posts", "ingest_cursors", "ingest_rejects", "models", "post_scores", "market_bars", "daily_sentiment", "regression_runs", "job_runs", "schema_migrations" })
        {
            Assert.Contains(table, tables);
        }
    }

    [Fact]
    public async Task Databases_migrating_at_once_on_a_fresh_server_share_a_server_wide_role()
    {
        // What 032_sf_reader does, with a role no database has yet and a pause that opens the race every time.
        var role = "sf_race_" + Guid.NewGuid().ToString("N")[..12];
        var migrator = Migrator(new Migration(1, "001_role.sql", $"""
            DO $$
            BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN
                    PERFORM pg_sleep(0.3);
                    CREATE ROLE {role} NOLOGIN;
                END IF;
            END
            $$;
            """));
        var databases = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => TestDatabase.CreateAsync(migrate: false)));
        try
        {
            var applied = await Task.WhenAll(databases.Select(d => migrator.MigrateAsync(d.DataSource, CancellationToken.None)));

            Assert.All(applied, a => Assert.Single(a));
            await using var connection = await databases[0].DataSource.OpenConnectionAsync();
            Assert.Equal(1, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM pg_roles WHERE rolname = @role", new { role }));
        }
        finally
        {
            foreach (var database in databases)
            {
                await database.DisposeAsync();
            }

            await using var admin = new NpgsqlConnection((await TestServer.GetAdminAsync()).Connection.ConnectionString);
            await admin.OpenAsync();
            await admin.ExecuteAsync($"DROP ROLE IF EXISTS {role}");
        }
    }

    [Fact]
    public async Task Second_run_applies_nothing_and_records_each_file_once()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        var migrator = Migrator(new Migration(1, "001_a.sql", "CREATE TABLE sf.a (x int);"), new Migration(2, "002_b.sql", "CREATE TABLE sf.b (y int);"));

        var first = await migrator.MigrateAsync(database.DataSource, CancellationToken.None);
        var second = await migrator.MigrateAsync(database.DataSource, CancellationToken.None);

        Assert.Equal(2, first.Count);
        Assert.Empty(second);
        var recorded = await SchemaMigrator.ReadAppliedAsync(database.DataSource, CancellationToken.None);
        Assert.Equal([1, 2], recorded.Select(r => r.Version));
        Assert.Equal(migrator.Migrations[0].Checksum, recorded[0].Checksum);
    }

    [Fact]
    public async Task Editing_an_applied_migration_is_refused_naming_the_file()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        await Migrator(new Migration(1, "001_a.sql", "CREATE TABLE sf.a (x int);")).MigrateAsync(database.DataSource, CancellationToken.None);

        var edited = Migrator(new Migration(1, "001_a.sql", "CREATE TABLE sf.a (x bigint);"));
        var error = await Assert.ThrowsAsync<StorageException>(() => edited.MigrateAsync(database.DataSource, CancellationToken.None));

        Assert.Contains("001_a.sql was edited after it was applied", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Line_endings_alone_are_not_an_edit()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        await Migrator(new Migration(1, "001_a.sql", "CREATE TABLE sf.a (x int);\nSELECT 1;\n")).MigrateAsync(database.DataSource, CancellationToken.None);

        var applied = await Migrator(new Migration(1, "001_a.sql", "CREATE TABLE sf.a (x int);\r\nSELECT 1;\r\n")).MigrateAsync(database.DataSource, CancellationToken.None);

        Assert.Empty(applied);
    }

    [Fact]
    public async Task Corrected_comments_are_not_an_edit_but_sql_in_a_literal_is()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        await Migrator(new Migration(1, "001_a.sql", "-- cites an old document\nCREATE TABLE sf.a (x text DEFAULT '--a');\n/* block */\n"))
            .MigrateAsync(database.DataSource, CancellationToken.None);

        var recommented = await Migrator(new Migration(1, "001_a.sql", "-- cites docs/architecture.md\n\nCREATE TABLE sf.a (x text DEFAULT '--a');  -- why\n"))
            .MigrateAsync(database.DataSource, CancellationToken.None);
        var literalChanged = Migrator(new Migration(1, "001_a.sql", "-- cites docs/architecture.md\nCREATE TABLE sf.a (x text DEFAULT '--b');\n"));
        var error = await Assert.ThrowsAsync<StorageException>(() => literalChanged.MigrateAsync(database.DataSource, CancellationToken.None));

        Assert.Empty(recommented);
        Assert.Contains("001_a.sql was edited after it was applied", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Databases_holding_a_whole_text_checksum_accept_only_the_same_sql()
    {
        var migrations = Migration.LoadEmbedded().ToDictionary(m => m.Version);
        foreach (var (version, entry) in LegacyChecksums.Entries)
        {
            // The corrected file still has the earlier SQL, so the earlier recorded checksum is accepted...
            Assert.Equal(entry.Sql, migrations[version].Checksum);
            Assert.True(migrations[version].Matches(entry.WholeText), $"migration {version}");

            // ...but not once the SQL itself changes.
            var edited = new Migration(version, migrations[version].FileName, migrations[version].Sql + "\nSELECT 1;");
            Assert.False(edited.Matches(entry.WholeText), $"edited migration {version}");
        }

        var unchanged = migrations.Values.First(m => !LegacyChecksums.Entries.ContainsKey(m.Version));
        Assert.True(unchanged.Matches(MigrationText.WholeTextChecksum(unchanged.Sql)));
    }

    [Fact]
    public async Task A_failing_migration_leaves_no_trace_and_names_itself()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        var migrator = Migrator(
            new Migration(1, "001_a.sql", "CREATE TABLE sf.a (x int);"),
            new Migration(2, "002_bad.sql", "CREATE TABLE sf.half (x int); SELECT * FROM sf.missing_table;"));

        var error = await Assert.ThrowsAsync<StorageException>(() => migrator.MigrateAsync(database.DataSource, CancellationToken.None));

        Assert.Contains("002_bad.sql failed and was rolled back", error.Message, StringComparison.Ordinal);
        await using var connection = await database.DataSource.OpenConnectionAsync();
        Assert.False(await connection.ExecuteScalarAsync<bool>("SELECT to_regclass('sf.half') IS NOT NULL"));
        Assert.Equal([1], (await SchemaMigrator.ReadAppliedAsync(database.DataSource, CancellationToken.None)).Select(r => r.Version));
    }

    [Fact]
    public async Task A_database_from_a_newer_build_is_refused()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        await Migrator(new Migration(1, "001_a.sql", "SELECT 1;"), new Migration(2, "002_b.sql", "SELECT 2;")).MigrateAsync(database.DataSource, CancellationToken.None);

        var error = await Assert.ThrowsAsync<StorageException>(() => Migrator(new Migration(1, "001_a.sql", "SELECT 1;")).MigrateAsync(database.DataSource, CancellationToken.None));

        Assert.Contains("migration 002", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_migrators_apply_each_file_exactly_once()
    {
        await using var database = await TestDatabase.CreateAsync(migrate: false);
        var migrator = Migrator(new Migration(1, "001_a.sql", "CREATE TABLE sf.a (x int); SELECT pg_sleep(0.2);"));

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            await using var dataSource = NpgsqlDataSource.Create(database.ConnectionString);
            return await migrator.MigrateAsync(dataSource, CancellationToken.None);
        }));

        Assert.Equal(1, runs.Sum(r => r.Count));
    }

    [Fact]
    public void Embedded_migration_files_are_numbered_uniquely_and_in_order()
    {
        var migrations = Migration.LoadEmbedded();

        Assert.NotEmpty(migrations);
        Assert.Equal(migrations.Select(m => m.Version).Order(), migrations.Select(m => m.Version));
        Assert.All(migrations, m => Assert.Matches("^[0-9]{3}_[a-z0-9_]+\\.sql$", m.FileName));
    }
}
