using System.Text.Json.Nodes;
using SentimentFactor.Modeling.Checkpoints;

namespace SentimentFactor.Modeling.Tests.Checkpoints;

public sealed class BertConfigTests
{
    private static JsonObject Valid() => RandomCheckpointWriter.ConfigFor(TinyModels.Spec(BertArchitecture.MegatronBert)).ToJson();

    [Fact]
    public void Megatron_config_round_trips_with_labels_in_index_order()
    {
        var json = Valid();
        json["id2label"] = new JsonObject { ["2"] = "positive", ["0"] = "negative", ["1"] = "neutral" };

        var config = BertConfig.Parse(json.ToJsonString(), "config.json");

        Assert.Equal(BertArchitecture.MegatronBert, config.Architecture);
        Assert.Equal(["negative", "neutral", "positive"], config.Labels);
        Assert.Equal(8, config.HeadSize);
        Assert.Equal(BertActivation.GeluErf, config.Activation);
    }

    [Theory]
    [InlineData("num_hidden_layers")]
    [InlineData("hidden_size")]
    [InlineData("layer_norm_eps")]
    [InlineData("id2label")]
    [InlineData("type_vocab_size")]
    public void Missing_field_is_named_in_the_error(string field)
    {
        var json = Valid();
        json.Remove(field);

        var error = Assert.Throws<ModelingException>(() => BertConfig.Parse(json.ToJsonString(), "ckpt/config.json"));

        Assert.Contains($"'{field}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("ckpt/config.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_architecture_is_refused_with_its_model_type()
    {
        var json = Valid();
        json["model_type"] = "gpt2";

        var error = Assert.Throws<ModelingException>(() => BertConfig.Parse(json.ToJsonString(), "config.json"));

        Assert.Contains("'gpt2'", error.Message, StringComparison.Ordinal);
        Assert.Contains("megatron-bert", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hidden_size_not_divisible_by_heads_is_refused()
    {
        var json = Valid();
        json["num_attention_heads"] = 5;

        var error = Assert.Throws<ModelingException>(() => BertConfig.Parse(json.ToJsonString(), "config.json"));

        Assert.Contains("not a multiple of num_attention_heads 5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_activation_is_refused()
    {
        var json = Valid();
        json["hidden_act"] = "swish";

        var error = Assert.Throws<ModelingException>(() => BertConfig.Parse(json.ToJsonString(), "config.json"));

        Assert.Contains("'swish'", error.Message, StringComparison.Ordinal);
    }
}
