namespace SentimentFactor.Modeling.Checkpoints;

/// <summary>Feed-forward activations, by the formula they compute.</summary>
public enum BertActivation
{
    /// <summary>Exact GELU: 0.5 x (1 + erf(x / sqrt 2)) (hidden_act "gelu").</summary>
    GeluErf,

    /// <summary>Tanh GELU: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) (gelu_new, gelu_pytorch_tanh, gelu_fast).</summary>
    GeluTanh,

    /// <summary>max(0, x).</summary>
    Relu,
}
