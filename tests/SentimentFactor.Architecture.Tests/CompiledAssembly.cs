using System.Collections.Concurrent;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace SentimentFactor.Architecture.Tests;

/// <summary>
/// One of our compiled assemblies as metadata (read with Mono.Cecil, never loaded or run): what it references and
/// which string literals its code holds. The compiler drops a project reference whose types are unused, so these
/// facts say what the code really uses; <see cref="ProjectFile"/> says what the project declares.
/// </summary>
internal sealed class CompiledAssembly
{
    private static readonly ConcurrentDictionary<string, CompiledAssembly> Cache = new(StringComparer.Ordinal);

    private CompiledAssembly(string name)
    {
        Name = name;
        var path = Path.Combine(AppContext.BaseDirectory, name + ".dll");
        if (name == Projects.Cli)
        {
            // The CLI's assembly is sf.dll (AssemblyName sf).
            path = Path.Combine(AppContext.BaseDirectory, "sf.dll");
        }

        using var module = ModuleDefinition.ReadModule(path);
        ReferencedAssemblies = module.AssemblyReferences.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        ReferencedTypes = module.GetTypeReferences()
            .Select(t => t.Namespace.Length == 0 && t.DeclaringType is { } outer ? outer.FullName + "/" + t.Name : t.FullName)
            .ToHashSet(StringComparer.Ordinal);
        DefinedTypes = module.GetTypes().Select(t => t.FullName).ToHashSet(StringComparer.Ordinal);
        ReferencedMembers = module.GetMemberReferences()
            .Select(m => m.DeclaringType.FullName + "::" + m.Name)
            .ToHashSet(StringComparer.Ordinal);
        StringLiterals = Literals(module).ToList();
    }

    /// <summary>Assembly name (for the CLI: the project's name; its file is sf.dll).</summary>
    public string Name { get; }

    /// <summary>Names of the assemblies its metadata references.</summary>
    public IReadOnlySet<string> ReferencedAssemblies { get; }

    /// <summary>Full names of every type of another assembly that it uses (in signatures, bodies or attributes).</summary>
    public IReadOnlySet<string> ReferencedTypes { get; }

    /// <summary>Full names of the types it defines, nested and compiler-generated ones included.</summary>
    public IReadOnlySet<string> DefinedTypes { get; }

    /// <summary>Every method or field of another assembly that it uses, as Namespace.Type::Member.</summary>
    public IReadOnlySet<string> ReferencedMembers { get; }

    /// <summary>Every string literal in its method bodies and string constants, with the member that holds it.</summary>
    public IReadOnlyList<(string Member, string Text)> StringLiterals { get; }

    /// <summary>The assembly of project <paramref name="name"/> (SentimentFactor.X), read once per test run.</summary>
    public static CompiledAssembly Of(string name) => Cache.GetOrAdd(name, n => new CompiledAssembly(n));

    private static IEnumerable<(string Member, string Text)> Literals(ModuleDefinition module)
    {
        foreach (var type in module.GetTypes())
        {
            foreach (var field in type.Fields.Where(f => f.HasConstant && f.Constant is string))
            {
                yield return (type.FullName + "." + field.Name, (string)field.Constant);
            }

            foreach (var method in type.Methods.Where(m => m.HasBody))
            {
                foreach (var instruction in method.Body.Instructions.Where(i => i.OpCode == OpCodes.Ldstr))
                {
                    yield return (type.FullName + "." + method.Name, (string)instruction.Operand);
                }
            }
        }
    }
}
