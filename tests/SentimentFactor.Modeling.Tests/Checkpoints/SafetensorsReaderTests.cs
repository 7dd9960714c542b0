using System.Buffers.Binary;
using System.Text;
using SentimentFactor.Modeling.Checkpoints;

namespace SentimentFactor.Modeling.Tests.Checkpoints;

public sealed class SafetensorsReaderTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(SafetensorsDType.F32, 0f)]
    [InlineData(SafetensorsDType.F16, 1e-3f)]
    public async Task Written_tensors_read_back_with_their_shapes_and_values(string dtype, float tolerance)
    {
        var path = _temp.Combine("a.safetensors");
        var first = new FloatTensor("a.weight", [2, 3], [1f, -2f, 3.5f, 0.25f, -0.125f, 100f]);
        var second = new FloatTensor("b.bias", [3], [0.5f, -0.5f, 2f]);
        await SafetensorsWriter.WriteAsync(path, [first, second], dtype, new Dictionary<string, string> { ["format"] = "pt" }, CancellationToken.None);

        using var reader = SafetensorsReader.Open(path);

        var values = await reader.ReadFloat32Async("a.weight", CancellationToken.None);

        Assert.Equal("pt", reader.Metadata["format"]);
        Assert.Equal([2L, 3L], reader.Find("a.weight")!.Shape.ToArray());
        Assert.Equal(dtype, reader.Find("b.bias")!.DType);
        for (var i = 0; i < values.Length; i++)
        {
            Assert.Equal(first.Data[i], values[i], tolerance);
        }
    }

    [Fact]
    public async Task Bfloat16_is_the_upper_half_of_float32()
    {
        // 1.5f = 0x3FC00000, -2f = 0xC0000000: bf16 keeps the top 16 bits.
        var path = WriteRaw("""{"t":{"dtype":"BF16","shape":[2],"data_offsets":[0,4]}}""", [0xC0, 0x3F, 0x00, 0xC0]);

        using var reader = SafetensorsReader.Open(path);

        var values = await reader.ReadFloat32Async("t", CancellationToken.None);

        Assert.Equal(new[] { 1.5f, -2f }, values);
    }

    [Fact]
    public void Truncated_data_is_refused_when_the_file_is_opened()
    {
        var path = WriteRaw("""{"t":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}""", new byte[10]);

        var error = Assert.Throws<ModelingException>(() => SafetensorsReader.Open(path));

        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void File_shorter_than_its_header_length_is_truncated()
    {
        var path = _temp.Combine("short.safetensors");
        var bytes = new byte[8 + 5];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 500);
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<ModelingException>(() => SafetensorsReader.Open(path));

        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_that_lies_about_a_tensors_size_names_the_tensor()
    {
        var path = WriteRaw("""{"liar":{"dtype":"F32","shape":[4],"data_offsets":[0,12]}}""", new byte[16]);

        var error = Assert.Throws<ModelingException>(() => SafetensorsReader.Open(path));

        Assert.Contains("liar", error.Message, StringComparison.Ordinal);
        Assert.Contains("needs 16 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlapping_tensors_are_refused()
    {
        var path = WriteRaw("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""", new byte[12]);

        var error = Assert.Throws<ModelingException>(() => SafetensorsReader.Open(path));

        Assert.Contains("overlap", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_that_is_not_json_is_refused()
    {
        var path = WriteRaw("{not json", []);

        var error = Assert.Throws<ModelingException>(() => SafetensorsReader.Open(path));

        Assert.Contains("not JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Integer_tensor_cannot_be_read_as_a_weight()
    {
        var path = WriteRaw("""{"position_ids":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}""", new byte[8]);
        using var reader = SafetensorsReader.Open(path);

        var error = await Assert.ThrowsAsync<ModelingException>(() => reader.ReadFloat32Async("position_ids", CancellationToken.None));

        Assert.Contains("I64", error.Message, StringComparison.Ordinal);
    }

    private string WriteRaw(string header, byte[] data)
    {
        var path = _temp.Combine(Guid.NewGuid().ToString("N") + ".safetensors");
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + json.Length);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
