namespace SentimentFactor.Modeling.Training;

/// <summary>What the classification layer reads from the encoder.</summary>
public enum ClassifierPooling
{
    /// <summary>
    /// Hugging Face BertForSequenceClassification: the [CLS] row of the last hidden states, through the pooler's dense
    /// layer and tanh, then dropout and the classifier.
    /// </summary>
    ClsPooler,

    /// <summary>
    /// The mean of the last hidden states over real tokens (attention mask 1), then dropout and the classifier; the
    /// pooler is not used and gets no gradient.
    /// </summary>
    Mean,
}
