namespace SentimentFactor.Research.Factors;

/// <summary>A daily sentiment factor built from one day's post counts.</summary>
public enum FactorKind
{
    /// <summary>share_pos = n_pos / n_total.</summary>
    SharePos,

    /// <summary>share_neg = n_neg / n_total.</summary>
    ShareNeg,

    /// <summary>net = (n_pos - n_neg) / n_total.</summary>
    Net,

    /// <summary>bullishness = ln((1 + n_pos) / (1 + n_neg)), Antweiler &amp; Frank (2004).</summary>
    Bullishness,

    /// <summary>log_volume = ln(1 + n_total): how much was posted, whatever its tone.</summary>
    LogVolume,
}
