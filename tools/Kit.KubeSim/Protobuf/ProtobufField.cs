namespace Kit.KubeSim.Protobuf;

/// <summary>One field of a Kubernetes protobuf message, as messages.tsv states it.</summary>
/// <param name="Number">The field number on the wire.</param>
/// <param name="JsonName">The Go struct's JSON name; null for an embedded struct, whose fields are inlined.</param>
/// <param name="Type">A scalar type ("string", "int32", "bytes"…) or a message's full name.</param>
/// <param name="Repeated">A list: one wire entry per element (numbers may come packed).</param>
/// <param name="MapKey">The key's scalar type when the field is a map.</param>
/// <param name="Pointer">A Go pointer: present on the wire even when zero, absent when nil.</param>
/// <param name="OmitEmpty">The JSON tag's omitempty: a zero scalar is left out.</param>
sealed record ProtobufField(int Number, string? JsonName, string Type, bool Repeated, string? MapKey, bool Pointer, bool OmitEmpty)
{
    public bool IsMessage => Type.Contains('.', StringComparison.Ordinal);
}
