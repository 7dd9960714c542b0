using System.Buffers.Binary;

namespace SentimentFactor.Modeling.Checkpoints;

/// <summary>One tensor as <see cref="SafetensorsWriter"/> stores it: its dtype and its little-endian bytes.</summary>
/// <param name="Name">Tensor name.</param>
/// <param name="DType">A <see cref="SafetensorsDType"/> name.</param>
/// <param name="Shape">Dimensions, outermost first.</param>
/// <param name="Data">Raw little-endian elements; length is the element count times the dtype's size.</param>
public sealed record SafetensorsEntry(string Name, string DType, int[] Shape, byte[] Data)
{
    /// <summary>A float tensor in F32 or F16.</summary>
    public static SafetensorsEntry FromFloats(FloatTensor tensor, string dtype)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (dtype == SafetensorsDType.F32)
        {
            var bytes = new byte[tensor.Data.Length * 4];
            for (var i = 0; i < tensor.Data.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), tensor.Data[i]);
            }

            return new(tensor.Name, dtype, tensor.Shape, bytes);
        }

        if (dtype == SafetensorsDType.F16)
        {
            var halves = new byte[tensor.Data.Length * 2];
            for (var i = 0; i < tensor.Data.Length; i++)
            {
                BinaryPrimitives.WriteHalfLittleEndian(halves.AsSpan(2 * i), (Half)tensor.Data[i]);
            }

            return new(tensor.Name, dtype, tensor.Shape, halves);
        }

        throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Only F32 and F16 are written for floats.");
    }

    /// <summary>Signed bytes (I8).</summary>
    public static SafetensorsEntry FromSignedBytes(string name, int[] shape, sbyte[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new(name, "I8", shape, (byte[])(Array)values.Clone());
    }

    /// <summary>32-bit integers (I32).</summary>
    public static SafetensorsEntry FromIntegers(string name, int[] shape, int[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4 * i), values[i]);
        }

        return new(name, "I32", shape, bytes);
    }
}
