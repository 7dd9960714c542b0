using System.Globalization;

namespace SentimentFactor.Research.Statistics;

/// <summary>
/// Expanding-window forecasts of direction: for each row, a logistic regression is fitted on every earlier row
/// whose outcome day is not after the row's information day (so nothing from the day predicted, or later, is
/// used), and the row is predicted up when the fitted P(up) exceeds 0.5. The hit rate is tested against the
/// always-up forecast on the same days with a one-sided binomial test (H0: hit probability = that baseline).
/// </summary>
public static class OutOfSampleDirection
{
    /// <summary>Runs the expanding window.</summary>
    /// <param name="rows">Rows in day order.</param>
    /// <param name="featureNames">Names of the features, in the rows' order.</param>
    /// <param name="minTrainingRows">Rows needed in the window before the first prediction.</param>
    /// <exception cref="ResearchException">No row has enough training rows before it.</exception>
    public static OutOfSampleResult Run(IReadOnlyList<DirectionObservation> rows, IReadOnlyList<string> featureNames, int minTrainingRows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(featureNames);
        ArgumentOutOfRangeException.ThrowIfLessThan(minTrainingRows, featureNames.Count + 2);
        var points = new List<DirectionPrediction>();
        var fallbacks = 0;
        for (var j = 0; j < rows.Count; j++)
        {
            var now = rows[j];
            // Honesty: a training row's outcome must be known at the close of the information day.
            var training = rows.Take(j).Where(r => r.OutcomeIndex <= now.InformationIndex).ToList();
            if (training.Count < minTrainingRows)
            {
                continue;
            }

            var regressors = featureNames
                .Select((name, f) => new Regressor(name, training.Select(r => r.Features[f]).ToArray()))
                .ToList();
            double? probability = null;
            try
            {
                var fit = LogisticRegression.Fit("up", training.Select(r => r.Up).ToArray(), regressors);
                if (fit.Status == LogisticStatus.Converged)
                {
                    probability = LogisticRegression.Predict(fit, now.Features);
                }
            }
            catch (ResearchException)
            {
                // A constant or collinear window: fall back to the majority below and count it.
            }

            bool predictedUp;
            if (probability is { } p)
            {
                predictedUp = p > 0.5;
            }
            else
            {
                fallbacks++;
                predictedUp = 2 * training.Count(r => r.Up) > training.Count;
            }

            points.Add(new DirectionPrediction(now.OutcomeDay, probability, predictedUp, now.Up, training.Count));
        }

        if (points.Count == 0)
        {
            throw ResearchException.TooFewObservations(
                string.Create(CultureInfo.InvariantCulture, $"out-of-sample prediction (each fit needs {minTrainingRows} earlier days)"),
                rows.Count, minTrainingRows + 1, "Widen the date range or lower Research:OosMinTrainingDays.");
        }

        var hits = points.Count(p => p.PredictedUp == p.ActualUp);
        var baselineHits = points.Count(p => p.ActualUp);
        var baselineRate = baselineHits / (double)points.Count;
        return new OutOfSampleResult(
            "logistic(up ~ " + string.Join(" + ", featureNames) + ")",
            points.Count, hits, hits / (double)points.Count, baselineHits, baselineRate,
            Tail.BinomialAtLeast(hits, points.Count, baselineRate), fallbacks, minTrainingRows, points);
    }
}
