using SentimentFactor.Modeling.Training;

namespace SentimentFactor.Modeling.Tests.Training;

public sealed class LearningRateScheduleTests
{
    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(5, 0.5e-4)]
    [InlineData(10, 1e-4)]
    [InlineData(55, 0.5e-4)]
    [InlineData(91, 1e-5)]
    [InlineData(100, 0.0)]
    [InlineData(150, 0.0)]
    public void Warms_up_linearly_then_decays_linearly_to_zero_as_hugging_face_does(long step, double expected) =>
        Assert.Equal(expected, new LearningRateSchedule(1e-4, 10, 100).At(step), 1e-15);

    [Fact]
    public void Without_warm_up_the_first_step_uses_the_peak() =>
        Assert.Equal(3e-5, new LearningRateSchedule(3e-5, 0, 10).At(0), 1e-15);
}
