using SentimentFactor.Core;

namespace SentimentFactor.Storage;

/// <summary>A database failure the user can act on; one factory per case.</summary>
public sealed class StorageException : SentimentFactorException
{
    private StorageException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    public static StorageException BadConnectionString(string origin, string reason) => new(
        $"{origin} is not a valid PostgreSQL connection string ({reason}). " +
        "Use postgresql://user:password@host:port/database or Host=...;Port=...;Username=...;Password=...;Database=..., or unset it to use the managed cluster.");

    public static StorageException Unreachable(string target, string origin, Exception inner) => new(
        $"Cannot reach PostgreSQL at {target}: {FirstLine(inner.Message)}. Check that the server runs and {origin} is right, or unset it to use the managed cluster.",
        inner);

    public static StorageException BinariesMissing(string searched) => new(
        $"PostgreSQL server binaries (initdb, pg_ctl) not found (looked in {searched}). " +
        "Install them with 'apt-get install -y postgresql' (./sf does this when it can), or set SF_DB to an existing server.");

    public static StorageException FolderOwnedByOther(string path, string owner, string expected) => new(
        $"The database folder {path} belongs to OS user '{owner}', but the server must run as '{expected}'. " +
        $"Run 'chown -R {expected} {path}', or set Database:DataDirectory (SF_Database__DataDirectory) to another folder.");

    public static StorageException FolderNotACluster(string path) => new(
        $"The folder {path} exists but is not a cluster made by sf. Move it away, or set Database:DataDirectory to another folder.");

    public static StorageException ServerUserMissing(string user) => new(
        $"OS user '{user}' (Database:ServerUser) does not exist; the managed server cannot run as root. " +
        $"Create it ('useradd --system {user}') or install the postgresql package, which creates 'postgres'.");

    public static StorageException PortInUse(int port) => new(
        $"Port {port} on 127.0.0.1 (Database:Port) is in use by another program. Stop that program, or set Database:Port to a free port (0 picks one).");

    /// <summary>`sf sql run` with a name that is not in the library.</summary>
    public static StorageException UnknownQuery(string name, IEnumerable<string> known) => new(
        $"No query '{name}' in schema sf. Known: {string.Join(", ", known)}. See 'sf sql list'.");

    /// <summary>A --param that is not key=value, or names no argument of the query.</summary>
    public static StorageException BadParameter(string name, string parameter, IEnumerable<string> arguments) => new(
        $"Parameter '{parameter}' does not fit query '{name}': expected key=value with key one of [{string.Join(", ", arguments)}].");

    /// <summary>The database refused a library query (bad argument value, ...).</summary>
    public static StorageException QueryFailed(string name, string reason, Exception inner) => new(
        $"Query '{name}' failed: {reason}. Check the parameters with 'sf sql list'.", inner);

    public static StorageException ToolFailed(string tool, int exitCode, string output) => new(
        $"{tool} failed with exit code {exitCode}: {FirstLine(output)}");

    public static StorageException ServerDidNotStart(string logPath, string logTail) => new(
        $"The managed PostgreSQL server did not start: {FirstLine(logTail)} (full log: {logPath}).");

    public static StorageException ClusterBusy(string lockPath, TimeSpan waited) => new(
        $"Another sf process has held the cluster lock {lockPath} for {waited.TotalSeconds:0} s. Wait for it to finish, or remove the file if no sf process runs.");

    public static StorageException MigrationEdited(string file, string recorded, string actual) => new(
        $"Migration {file} was edited after it was applied (recorded checksum {recorded[..12]}…, file now {actual[..12]}…). " +
        "Applied migrations are never edited: restore the file and add a new numbered migration instead.");

    public static StorageException MigrationUnknown(int version, string name) => new(
        $"The database has migration {version:000} ({name}) that this build does not know: it was migrated by a newer sf. Update this checkout.");

    public static StorageException MigrationFailed(string file, Exception inner) => new(
        $"Migration {file} failed and was rolled back: {FirstLine(inner.Message)}", inner);

    public static StorageException BadMigrationName(string name) => new(
        $"Migration file name '{name}' does not match NNN_name.sql (three digits, lower-case words).");

    public static StorageException DuplicateMigrationNumber(int version, string first, string second) => new(
        $"Migrations {first} and {second} share the number {version:000}; renumber the newer one.");

    public static StorageException BadDatabaseName(string name) => new(
        $"'{name}' is not a usable database name: use 1-63 lower-case letters, digits or '_', starting with a letter or '_'.");

    public static StorageException CannotCreateDatabase(string name, string server, Exception inner) => new(
        $"Could not create database {name} on {server}: {FirstLine(inner.Message)} (the user needs CREATEDB).", inner);

    public static StorageException NotManaged() => new(
        "SF_DB (or ConnectionStrings:Postgres) points at an external server: sf does not start or stop it. Unset it to use the managed cluster.");

    private static string FirstLine(string text)
    {
        var trimmed = text.Trim();
        var newline = trimmed.IndexOf('\n');
        return newline < 0 ? trimmed : trimmed[..newline].TrimEnd();
    }
}
