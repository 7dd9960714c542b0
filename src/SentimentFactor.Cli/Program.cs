using SentimentFactor.Cli;

return await SfApp.RunAsync(args);
