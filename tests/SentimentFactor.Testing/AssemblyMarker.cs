namespace SentimentFactor.Testing;

public static class TestingAssemblyMarker;
