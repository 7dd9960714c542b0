using Microsoft.Extensions.Options;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Infrastructure;

/// <summary>
/// Validates every options type before any command runs, so a bad appsettings value or SF_ variable fails at
/// start naming its key rather than halfway through a stage.
/// </summary>
internal sealed class OptionsValidationInterceptor(IServiceProvider services) : ICommandInterceptor
{
    public void Intercept(CommandContext context, CommandSettings settings)
    {
        if (services.GetService(typeof(IStartupValidator)) is IStartupValidator validator)
        {
            validator.Validate();
        }
    }
}
