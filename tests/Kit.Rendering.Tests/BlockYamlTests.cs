using Kit.Rendering.Yaml;

namespace Kit.Rendering.Tests;

/// <summary>
/// The fast block-YAML reader must never disagree with the full parser: wherever it answers, the values,
/// the document lines and the manifest check are the full parser's; everywhere else it steps aside.
/// </summary>
public sealed class BlockYamlTests
{
    const string Deployment = """
        # a comment before the document
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web   # trailing comment
          labels:
            app.kubernetes.io/name: web
            tier: "front end"
            quoted: 'it''s'
          annotations:
            kit-deployer/dependency-selector: 'tier=backend'
            url: http://example.com/a#b
        spec:
          replicas: 3
          paused: false
          ratio: 1.50
          octal: 010
          empty:
          nothing: ~
          list: []
          map: {}
          template:
            spec:
              containers:
              - name: web
                image: registry.example.com:5000/web:1.2
                args:
                  - --port=80
                  - -v
                env:
                  -   name: A
                      value: "x\"y\\z"
                  - name: B
                    value:
              -
                name: sidecar
        ---
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: web-svc
        """;

    static readonly string[] Texts =
    [
        Deployment,
        "a: 1\n",
        "a: 1\n---\n",
        "---\n",
        "---\n---\n",
        "",
        "# only a comment\n",
        "\n\n---\n# comment\na: b\n",
        "- a\n- b\n",
        "plain\n",
        "'quoted'\n",
        "a:\n- x\n- y\nb: 2\n",
        "a:\n  - x: 1\n    y: 2\n  - z\n",
        "a:\n  b\n",
        "a: b\r\nc: d\r\n",
        "true: 1\n1: 2\n0x10: 3\nnull: 4\n",
        "a: -1\nb: +2\nc: .5\nd: 1e3\ne: .inf\nf: 0b101\ng: 0o17\nh: 1_000\n",
        "a: yes\nb: on\nc: Null\nd: TRUE\n",
        "a: x,y [z] {w}\n",
        "a: 'x' # c\nb: \"y\" # c\n",
        "- - a\n",
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: |\n  text\n",
        "a: >\n  text\n",
        "a: [1, 2]\n",
        "a: {b: 1}\n",
        "a: b: c\n",
        "a: b:\n",
        "a:\n    b: 1\n  c: 2\n",
        "a: 1\n  b: 2\n",
        "a: 1\na: 2\n",
        "a:\tb\n",
        "\ta: b\n",
        "a: 'unclosed\n",
        "a: \"unclosed\n",
        "a: 'x'y\n",
        "a: \"\\q\"\n",
        "a: multi\n  line\n",
        "- a\n  b\n",
        "  a: 1\n",
        "a: 1\n b: 2\n",
        "- a: 1\n b: 2\n",
        "%YAML 1.1\n---\na: 1\n",
        "a: 1\n...\n",
        "--- a\n",
        "---x: 1\n",
        "a: #x\n",
        "a: b #c: d\n",
        "key with space: 1\n",
        "\"quoted key\": 1\n",
        "? a\n: b\n",
        "a:b\n",
        "a :b\n",
        "a : b\n",
        "<<: {a: 1}\n",
        "a: é\n",
        "\uFEFFa: 1\n",
        "a: 1\rb: 2\n",
        "a:\n-\n- - b\n",
        "-\n  a: 1\n-\n",
        "- a: 1\n  - b\n",
        "- a:\n  - b\n  c: 1\n",
        "a: - b\n",
        "a: -b\n",
        "a: ?b\n",
        "a: :b\n",
        "a: @b\n",
        "a: `b\n",
        "a: =\n",
        "a: ''\n",
        "a: \"\"\n",
    ];

    public static TheoryData<string> Samples() => new(Texts);

    [Theory]
    [MemberData(nameof(Samples))]
    public void Agrees_with_the_full_parser_or_steps_aside(string text) => _ = AssertAgrees(text);

    [Fact]
    public void Reads_a_plain_manifest_itself_with_the_same_values()
    {
        Assert.True(BlockYaml.TryLoadAll(Deployment, out var documents));
        Assert.Equal(3, documents.Count);
        Assert.Equal([2, 37, 38], documents.Select(d => d.Line));
        var spec = (OrderedDictionary<string, object?>)((OrderedDictionary<string, object?>)documents[0].Value!)["spec"]!;
        Assert.Equal(3L, spec["replicas"]);
        Assert.Equal(8L, spec["octal"]);
        Assert.Equal(1.5, spec["ratio"]);
        Assert.Null(spec["empty"]);
        Assert.True(BlockYaml.IsManifest(Deployment));
    }

    [Theory]
    [InlineData("a: &x 1\nb: *x\n")]
    [InlineData("a: [1, 2]\n")]
    [InlineData("a: |\n  text\n")]
    [InlineData("a: multi\n  line\n")]
    [InlineData("a: 1\na: 2\n")]
    [InlineData("a:\tb\n")]
    public void Leaves_what_it_does_not_know_to_the_full_parser(string text) => Assert.False(BlockYaml.TryLoadAll(text, out _));

    [Theory]
    [InlineData("kind: Service\nmetadata:\n  name: a\n")]
    [InlineData("apiVersion: v1\nkind: Service\nmetadata:\n  labels: {}\n")]
    [InlineData("apiVersion: v1\nkind: ''\nmetadata:\n  name: a\n")]
    [InlineData("apiVersion: v1\nkind: Service\nmetadata: {}\n")]
    [InlineData("---\n---\n")]
    [InlineData("- apiVersion: v1\n")]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  x: '1'\n  x: '2'\n")]
    public void A_manifest_that_is_not_certainly_valid_goes_to_the_full_check(string text) => Assert.False(BlockYaml.IsManifest(text));

    [Fact]
    public void Random_edits_of_real_files_never_make_the_two_readers_disagree()
    {
        var corpus = Texts.Concat(ConformanceFiles()).ToList();
        // KIT_TEST_YAML_EDITS and KIT_TEST_YAML_SEED run a longer or different search by hand.
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("KIT_TEST_YAML_EDITS"), out var r) ? r : 60;
        var random = new Random(int.TryParse(Environment.GetEnvironmentVariable("KIT_TEST_YAML_SEED"), out var seed) ? seed : 20261123);
        const string pieces = " :-#'\"[]{}\n\r\t&*!|>?,.0aZ";
        var checkedEdits = 0;
        var readByBoth = 0;
        var passedFastCheck = 0;
        foreach (var original in corpus)
        {
            for (var round = 0; round < rounds; round++)
            {
                var text = original;
                for (var edits = random.Next(1, 4); edits > 0 && text.Length > 0; edits--)
                {
                    var at = random.Next(text.Length);
                    text = random.Next(3) switch
                    {
                        0 => text.Remove(at, 1),
                        1 => text.Insert(at, pieces[random.Next(pieces.Length)].ToString()),
                        _ => text.Insert(at, "  "),
                    };
                }

                try
                {
                    if (AssertAgrees(text))
                    {
                        readByBoth++;
                    }

                    if (BlockYaml.IsManifest(text))
                    {
                        passedFastCheck++;
                    }
                }
                catch (Exception e) when (e is not Xunit.Sdk.XunitException)
                {
                    throw new InvalidOperationException("reading this text failed: " + System.Text.Json.JsonSerializer.Serialize(text), e);
                }

                checkedEdits++;
            }
        }

        // Many edits keep the text in the fast reader's reach, so its answers were compared, not only its refusals.
        Assert.True(
            checkedEdits > 1000 && readByBoth > checkedEdits / 10 && passedFastCheck > checkedEdits / 100,
            $"{checkedEdits} edits checked, {readByBoth} read by both readers, {passedFastCheck} passed the fast manifest check");
    }

    static IEnumerable<string> ConformanceFiles() =>
        Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Conformance"), "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".mustache", StringComparison.Ordinal))
            .Select(File.ReadAllText);

    /// <summary>Asserts agreement; true when the fast reader answered (so there was something to compare).</summary>
    static bool AssertAgrees(string text)
    {
        List<(object? Value, int Line)>? expected = null;
        RenderException? failure = null;
        try
        {
            expected = YamlLoader.LoadAllWithParser(text, "test.yaml");
        }
        catch (RenderException e)
        {
            failure = e;
        }

        if (BlockYaml.TryLoadAll(text, out var documents))
        {
            Assert.True(failure is null, $"the fast reader accepted what the parser rejects ({failure?.Message}):\n{text}");
            Assert.Equal(expected!.Select(d => d.Line), documents.Select(d => d.Line));
            Assert.True(expected!.Select(d => d.Value).SequenceEqual(documents.Select(d => d.Value), ValueComparer.Instance), $"values differ for:\n{text}");
        }

        // The full check either passes or says why: it never fails any other way.
        var rejected = Record.Exception(() => ManifestValidator.ValidateWithParser(text, "test.yaml"));
        Assert.True(rejected is null or RenderException, $"the full check failed with {rejected}");
        // The fast way (block YAML, then the names) and the full way agree, and on the objects.
        var fastRejected = Record.Exception(() => ManifestValidator.Validate(text, "test.yaml"));
        Assert.True((rejected is null) == (fastRejected is null), $"the checks disagree ({rejected?.Message} / {fastRejected?.Message}):\n{text}");
        if (rejected is null && BlockYaml.TryManifest(text, out var objects))
        {
            Assert.Equal(ManifestValidator.ValidateWithParser(text, "test.yaml"), objects);
        }

        return documents is not null;
    }

    sealed class ValueComparer : IEqualityComparer<object?>
    {
        public static readonly ValueComparer Instance = new();

        public new bool Equals(object? x, object? y) => (x, y) switch
        {
            (OrderedDictionary<string, object?> a, OrderedDictionary<string, object?> b) =>
                a.Keys.SequenceEqual(b.Keys) && a.Values.SequenceEqual(b.Values, this),
            (List<object?> a, List<object?> b) => a.SequenceEqual(b, this),
            (double a, double b) => a.Equals(b),
            _ => object.Equals(x, y) && x?.GetType() == y?.GetType(),
        };

        public int GetHashCode(object? value) => 0;
    }
}
