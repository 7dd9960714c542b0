namespace SentimentFactor.Storage.Jobs;

/// <summary>The server session that holds an advisory lock (for "who runs the chain" messages).</summary>
/// <param name="Pid">Server process id of the holding session.</param>
/// <param name="ApplicationName">Its application_name (may be empty).</param>
/// <param name="ClientAddress">Its client address; null for a Unix socket.</param>
/// <param name="Since">When its connection started (UTC).</param>
public sealed record LockHolder(int Pid, string? ApplicationName, string? ClientAddress, DateTime? Since);
