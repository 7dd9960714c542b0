namespace SentimentFactor.Core;

/// <summary>Anchors this assembly for reflection and DI scanning.</summary>
public static class CoreAssemblyMarker;
