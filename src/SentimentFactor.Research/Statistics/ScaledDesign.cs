using System.Globalization;
using MathNet.Numerics.LinearAlgebra;

namespace SentimentFactor.Research.Statistics;

/// <summary>
/// The design [1, X] re-expressed as Z = [1, (X - mean) / norm] so that Householder QR sees a well-conditioned
/// matrix (Longley's year column is almost a multiple of the intercept before centering). Estimates in Z
/// coordinates map back by beta = A * gamma, covariances by A * V * A'.
/// </summary>
internal sealed class ScaledDesign
{
    /// <summary>Relative size of a QR pivot below which a column counts as a combination of the ones before it.</summary>
    private const double SingularTolerance = 1e-10;

    private readonly double[] _means;
    private readonly double[] _scales;

    private ScaledDesign(Matrix<double> z, string[] names, double[] means, double[] scales)
    {
        Z = z;
        Names = names;
        _means = means;
        _scales = scales;
    }

    /// <summary>Centered, unit-norm design with the intercept column first (n x k).</summary>
    public Matrix<double> Z { get; }

    /// <summary>"const" followed by the regressor names.</summary>
    public string[] Names { get; }

    public int Rows => Z.RowCount;

    public int Columns => Z.ColumnCount;

    public static ScaledDesign Create(IReadOnlyList<Regressor> regressors, int n)
    {
        var k = regressors.Count + 1;
        var z = Matrix<double>.Build.Dense(n, k);
        var names = new string[k];
        var means = new double[k];
        var scales = new double[k];
        names[0] = "const";
        scales[0] = 1.0;
        for (var i = 0; i < n; i++)
        {
            z[i, 0] = 1.0;
        }

        for (var j = 1; j < k; j++)
        {
            var regressor = regressors[j - 1];
            var x = regressor.Values;
            if (x.Length != n)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Regressor '{regressor.Name}' has {x.Length} values, the outcome has {n}."),
                    nameof(regressors));
            }

            var mean = 0.0;
            foreach (var v in x)
            {
                if (!double.IsFinite(v))
                {
                    throw new ArgumentException($"Regressor '{regressor.Name}' has a non-finite value.", nameof(regressors));
                }

                mean += v;
            }

            mean /= n;
            var ss = 0.0;
            foreach (var v in x)
            {
                ss += (v - mean) * (v - mean);
            }

            var norm = Math.Sqrt(ss);
            // Relative to the column's magnitude: a column of 1e6 +/- 1e-9 is constant for every practical purpose.
            if (norm <= 1e-12 * Math.Max(1.0, Math.Abs(mean)) * Math.Sqrt(n))
            {
                throw ResearchException.ConstantRegressor(regressor.Name, mean);
            }

            names[j] = regressor.Name;
            means[j] = mean;
            scales[j] = norm;
            for (var i = 0; i < n; i++)
            {
                z[i, j] = (x[i] - mean) / norm;
            }
        }

        return new ScaledDesign(z, names, means, scales);
    }

    /// <summary>Throws <see cref="ResearchException.SingularDesign"/> when a pivot of R is (numerically) zero.</summary>
    public void EnsureFullRank(Matrix<double> r)
    {
        // Columns of Z have unit norm (the intercept has norm sqrt(n)), so |R_jj| is the part of column j not
        // explained by the columns before it: the sine of its angle to their span.
        for (var j = 1; j < Columns; j++)
        {
            if (Math.Abs(r[j, j]) < SingularTolerance)
            {
                throw ResearchException.SingularDesign(Names[j], Names.Skip(1).Take(j - 1).DefaultIfEmpty("the intercept"));
            }
        }
    }

    /// <summary>Maps coefficients from Z coordinates to the original columns.</summary>
    public double[] ToOriginal(Vector<double> gamma)
    {
        var beta = new double[Columns];
        beta[0] = gamma[0];
        for (var j = 1; j < Columns; j++)
        {
            beta[j] = gamma[j] / _scales[j];
            beta[0] -= gamma[j] * _means[j] / _scales[j];
        }

        return beta;
    }

    /// <summary>Maps a covariance matrix from Z coordinates to the original columns: A V A'.</summary>
    public Matrix<double> ToOriginal(Matrix<double> covariance)
    {
        var a = Matrix<double>.Build.Dense(Columns, Columns);
        a[0, 0] = 1.0;
        for (var j = 1; j < Columns; j++)
        {
            a[j, j] = 1.0 / _scales[j];
            a[0, j] = -_means[j] / _scales[j];
        }

        return a * covariance * a.Transpose();
    }
}
