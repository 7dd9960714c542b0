namespace SentimentFactor.Modeling;

/// <summary>
/// Writes a whole output folder under a temporary sibling name and renames it into place, so a failed or
/// cancelled write never leaves a partial folder behind.
/// </summary>
public static class OutputDirectory
{
    /// <summary>
    /// Runs <paramref name="write"/> on an empty temporary folder next to <paramref name="directory"/>, then moves it to
    /// <paramref name="directory"/>. An existing non-empty target is an error unless <paramref name="overwrite"/>; then
    /// it is replaced only after the new folder is complete. On any exception the temporary folder is deleted.
    /// </summary>
    public static async Task WriteAtomicallyAsync(string directory, bool overwrite, Func<string, Task> write, CancellationToken cancellationToken)
    {
        var target = Path.GetFullPath(directory);
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any() && !overwrite)
        {
            throw ModelingException.OutputExists(directory);
        }

        var parent = Path.GetDirectoryName(target.TrimEnd(Path.DirectorySeparatorChar)) ?? ".";
        Directory.CreateDirectory(parent);
        var temporary = Path.Combine(parent, $".{Path.GetFileName(target.TrimEnd(Path.DirectorySeparatorChar))}.partial-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temporary);
        try
        {
            await write(temporary);
            cancellationToken.ThrowIfCancellationRequested();
            if (Directory.Exists(target))
            {
                var old = temporary + ".old";
                Directory.Move(target, old);
                Directory.Move(temporary, target);
                Directory.Delete(old, recursive: true);
            }
            else
            {
                Directory.Move(temporary, target);
            }
        }
        catch
        {
            if (Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }

            throw;
        }
    }
}
