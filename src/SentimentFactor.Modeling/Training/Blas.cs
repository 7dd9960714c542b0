using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace SentimentFactor.Modeling.Training;

/// <summary>
/// Row-major matrix products through OpenBLAS's cblas_sgemm/cblas_dgemm (Debian package libopenblas0-pthread,
/// libopenblas.so.0). docs/model.md, "Fine-tuning: why hand-written backward over OpenBLAS", has the measurement
/// behind the choice.
/// </summary>
internal static unsafe partial class Blas
{
    /// <summary>Names the OpenBLAS kernel family for sf's own process ("inherit": leave OPENBLAS_CORETYPE as the environment has it).</summary>
    public const string CoreTypeVariable = "SF_OPENBLAS_CORETYPE";

    private const string Library = "libopenblas.so.0";
    private const int RowMajor = 101;
    private const int NoTrans = 111;
    private const int Trans = 112;
    private static readonly Lock Gate = new();
    private static bool _checked;

    /// <summary>Loads OpenBLAS and sets its thread count; throws <see cref="ModelingException"/> naming the package when it is absent.</summary>
    public static void EnsureLoaded(int threads)
    {
        lock (Gate)
        {
            try
            {
                if (!_checked)
                {
                    ChooseKernels();
                    _checked = NativeLibrary.TryLoad(Library, typeof(Blas).Assembly, null, out _)
                        ? true
                        : throw ModelingException.OpenBlasMissing(Library);
                }

                openblas_set_num_threads(threads);
            }
            catch (DllNotFoundException)
            {
                throw ModelingException.OpenBlasMissing(Library);
            }
        }
    }

    /// <summary>The kernel family OpenBLAS runs (see <see cref="ChooseKernels"/>); call after <see cref="EnsureLoaded"/>.</summary>
    public static string CoreName() => Marshal.PtrToStringAnsi(openblas_get_corename()) ?? "unknown";

    /// <summary>C = alpha·op(A)·op(B) + beta·C, row-major, op(X) = X or Xᵀ; A is m×k after op, B k×n, C m×n.</summary>
    public static void Gemm<T>(bool transA, bool transB, int m, int n, int k, T alpha, ReadOnlySpan<T> a, int lda,
        ReadOnlySpan<T> b, int ldb, T beta, Span<T> c, int ldc)
        where T : unmanaged
    {
        if (m == 0 || n == 0)
        {
            return;
        }

        fixed (T* pa = a)
        fixed (T* pb = b)
        fixed (T* pc = c)
        {
            if (typeof(T) == typeof(float))
            {
                cblas_sgemm(RowMajor, transA ? Trans : NoTrans, transB ? Trans : NoTrans, m, n, k,
                    (float)(object)alpha, (float*)pa, lda, (float*)pb, ldb, (float)(object)beta, (float*)pc, ldc);
            }
            else if (typeof(T) == typeof(double))
            {
                cblas_dgemm(RowMajor, transA ? Trans : NoTrans, transB ? Trans : NoTrans, m, n, k,
                    (double)(object)alpha, (double*)pa, lda, (double*)pb, ldb, (double)(object)beta, (double*)pc, ldc);
            }
            else
            {
                throw new NotSupportedException($"No GEMM for {typeof(T).Name}.");
            }
        }
    }

    /// <summary>
    /// OpenBLAS reads OPENBLAS_CORETYPE once, when it is loaded, from the native environment (which .NET's
    /// Environment.SetEnvironmentVariable does not reach on Linux, hence libc's setenv, before the first load). On a CPU
    /// with AVX-512 sf runs the SkylakeX kernels, measured fastest here (docs/model.md, "Fine-tuning: why hand-written
    /// backward over OpenBLAS"), whatever OPENBLAS_CORETYPE says: a machine-wide setting (this project's VM sets
    /// Haswell for every process) cannot be told apart from a choice made for sf, so sf's own choice goes through
    /// SF_OPENBLAS_CORETYPE: a family name, or "inherit" to leave OPENBLAS_CORETYPE alone.
    /// </summary>
    private static void ChooseKernels()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var requested = Environment.GetEnvironmentVariable(CoreTypeVariable);
        var coreType = requested switch
        {
            "inherit" => null,
            { Length: > 0 } => requested,
            _ => Avx512F.IsSupported && Avx512BW.IsSupported && Avx512DQ.IsSupported && Avx512F.VL.IsSupported ? "SkylakeX" : null,
        };
        if (coreType is not null)
        {
            _ = setenv("OPENBLAS_CORETYPE", coreType, 1);
        }
    }

    [LibraryImport("libc.so.6", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int setenv(string name, string value, int overwrite);

    [LibraryImport(Library)]
    private static partial void cblas_sgemm(int order, int transA, int transB, int m, int n, int k, float alpha,
        float* a, int lda, float* b, int ldb, float beta, float* c, int ldc);

    [LibraryImport(Library)]
    private static partial void cblas_dgemm(int order, int transA, int transB, int m, int n, int k, double alpha,
        double* a, int lda, double* b, int ldb, double beta, double* c, int ldc);

    [LibraryImport(Library)]
    private static partial void openblas_set_num_threads(int threads);

    [LibraryImport(Library)]
    private static partial nint openblas_get_corename();
}
