using System.Text;

namespace Kit.CommitWatching.Tests;

public sealed class WebhookSignatureTests
{
    static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"ref":"refs/heads/main"}""");

    [Fact]
    public void Matches_githubs_documented_example()
    {
        // From GitHub's "Validating webhook deliveries": secret "It's a Secret to Everybody", payload "Hello, World!".
        var signature = WebhookSignature.Sign("It's a Secret to Everybody", "Hello, World!"u8);

        Assert.Equal("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", signature);
    }

    [Fact]
    public void Only_the_right_secret_and_body_pass()
    {
        var signature = WebhookSignature.Sign("s3cret", Body);

        Assert.True(WebhookSignature.IsValid("s3cret", Body, signature));
        Assert.False(WebhookSignature.IsValid("other", Body, signature));
        Assert.False(WebhookSignature.IsValid("s3cret", [.. Body, (byte)' '], signature));
        Assert.False(WebhookSignature.IsValid("s3cret", Body, null));
        Assert.False(WebhookSignature.IsValid("s3cret", Body, "sha256=zz"));
        Assert.False(WebhookSignature.IsValid(null, Body, signature));
    }

    [Fact]
    public void The_bare_hex_and_the_token_forms_pass_only_the_right_secret()
    {
        var hex = WebhookSignature.SignHex("s3cret", Body);

        Assert.True(WebhookSignature.IsValidHex("s3cret", Body, hex));
        Assert.False(WebhookSignature.IsValidHex("other", Body, hex));
        Assert.False(WebhookSignature.IsValidHex("s3cret", Body, "sha256=" + hex));
        Assert.True(WebhookSignature.IsSameToken("s3cret", "s3cret"));
        Assert.False(WebhookSignature.IsSameToken("s3cret", "s3cre"));
        Assert.False(WebhookSignature.IsSameToken("", ""));
        Assert.False(WebhookSignature.IsSameToken(null, "s3cret"));
    }
}
