using Google.Protobuf;

namespace Kit.KubeSim.Tests;

/// <summary>A minimal protobuf reader: a message's fields in wire order, each with its number and its raw value.</summary>
static class Wire
{
    public sealed record Field(int Number, ByteString Bytes, ulong Varint);

    public static List<Field> Read(ByteString message) => Read(message.ToByteArray());

    public static List<Field> Read(byte[] message)
    {
        var input = new CodedInputStream(message);
        var fields = new List<Field>();
        while (input.ReadTag() is var tag and not 0)
        {
            var number = WireFormat.GetTagFieldNumber(tag);
            switch (WireFormat.GetTagWireType(tag))
            {
                case WireFormat.WireType.LengthDelimited:
                    fields.Add(new Field(number, input.ReadBytes(), 0));
                    break;
                case WireFormat.WireType.Varint:
                    fields.Add(new Field(number, ByteString.Empty, input.ReadUInt64()));
                    break;
                case WireFormat.WireType.Fixed64:
                    fields.Add(new Field(number, ByteString.Empty, input.ReadFixed64()));
                    break;
                default:
                    throw new InvalidOperationException($"unexpected wire type in field {number}");
            }
        }

        return fields;
    }

    /// <summary>The single string field with this number, or null when it is absent (proto3's empty string).</summary>
    public static string? String(this List<Field> fields, int number) => fields.SingleOrDefault(f => f.Number == number)?.Bytes.ToStringUtf8();
}
