namespace Kit.KubeSim.Protobuf;

/// <summary>The fact table generate-messages.py extracts from the Kubernetes generated.proto files and Go structs.</summary>
sealed class ProtobufMessages
{
    public static ProtobufMessages Kubernetes { get; } = Load();

    readonly Dictionary<string, ProtobufField[]> fields = [];
    readonly Dictionary<(string ApiVersion, string Kind), string> kinds = [];

    public string? MessageOf(string apiVersion, string kind) => kinds.GetValueOrDefault((apiVersion, kind));

    public IReadOnlyList<ProtobufField> FieldsOf(string message) =>
        fields.TryGetValue(message, out var found) ? found : throw new InvalidOperationException($"messages.tsv has no message {message}");

    static ProtobufMessages Load()
    {
        using var stream = typeof(ProtobufMessages).Assembly.GetManifestResourceStream("Kit.KubeSim.Protobuf.messages.tsv")
            ?? throw new InvalidOperationException("messages.tsv is not embedded");
        using var reader = new StreamReader(stream);
        var table = new ProtobufMessages();
        var rows = new Dictionary<string, List<ProtobufField>>();
        while (reader.ReadLine() is { } line)
        {
            var cells = line.Split('\t');
            switch (cells[0])
            {
                case "kind":
                    table.kinds[(cells[1], cells[2])] = cells[3];
                    break;
                case "field":
                    var shape = cells[5];
                    var field = new ProtobufField(
                        int.Parse(cells[2], System.Globalization.CultureInfo.InvariantCulture),
                        cells[3] == "-" ? null : cells[3],
                        cells[4],
                        shape == "repeated",
                        shape.StartsWith("map:", StringComparison.Ordinal) ? shape[4..] : null,
                        cells[6] == "y",
                        cells[7] == "y");
                    if (!rows.TryGetValue(cells[1], out var list))
                    {
                        rows[cells[1]] = list = [];
                    }

                    list.Add(field);
                    break;
            }
        }

        foreach (var (message, list) in rows)
        {
            table.fields[message] = [.. list];
        }

        return table;
    }
}
