using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SentimentFactor.Modeling.Tests;

public sealed class ModelingOptionsTests
{
    private static string AppSettings()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "appsettings.json")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory?.FullName ?? throw new InvalidOperationException("appsettings.json not found above the test folder"), "appsettings.json");
    }

    private static ModelingOptions Resolve(params (string Key, string Value)[] overrides)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddJsonFile(AppSettings(), optional: false);
        builder.Configuration.AddInMemoryCollection(overrides.Select(o => new KeyValuePair<string, string?>(o.Key, o.Value)));
        builder.AddModeling();
        using var host = builder.Build();
        return host.Services.GetRequiredService<IOptions<ModelingOptions>>().Value;
    }

    [Fact]
    public void Shipped_appsettings_binds_and_validates()
    {
        var options = Resolve();

        Assert.Equal(17, options.Opset);
        Assert.True(options.ExternalDataThresholdBytes < int.MaxValue);
    }

    [Fact]
    public void Out_of_range_opset_fails_naming_key_bound_and_value()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(("Modeling:Opset", "9")));

        Assert.Contains("Modeling:Opset must be from 14 to 21, was 9.", error.Message, StringComparison.Ordinal);
    }
}
