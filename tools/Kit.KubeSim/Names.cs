namespace Kit.KubeSim;

/// <summary>Generated name suffixes in the alphabet Kubernetes uses (no vowels, no confusable digits).</summary>
static class Names
{
    const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static string Random(int length) =>
        string.Create(length, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = Alphabet[System.Random.Shared.Next(Alphabet.Length)];
            }
        });

    /// <summary>A stable suffix for a pod template, like pod-template-hash.</summary>
    public static string Hash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        var chars = new char[10];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[(int)(hash % (ulong)Alphabet.Length)];
            hash /= (ulong)Alphabet.Length;
        }

        return new string(chars);
    }
}
