using Microsoft.Extensions.DependencyInjection;
using Spectre.Console.Cli;

namespace SentimentFactor.Cli.Infrastructure;

/// <summary>Lets Spectre.Console.Cli build commands from the host's service collection.</summary>
internal sealed class TypeRegistrar(IServiceCollection services) : ITypeRegistrar
{
    public ITypeResolver Build() => new TypeResolver(services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false }));

    public void Register(Type service, Type implementation) => services.AddSingleton(service, implementation);

    public void RegisterInstance(Type service, object implementation) => services.AddSingleton(service, implementation);

    public void RegisterLazy(Type service, Func<object> factory) => services.AddSingleton(service, _ => factory());

    private sealed class TypeResolver(ServiceProvider provider) : ITypeResolver, IDisposable
    {
        public object? Resolve(Type? type) => type is null ? null : provider.GetService(type);

        // Spectre disposes the resolver synchronously; SfDatabase only needs async disposal of its pool.
        public void Dispose() => provider.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
