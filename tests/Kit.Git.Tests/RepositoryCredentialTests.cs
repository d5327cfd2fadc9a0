using System.ComponentModel.DataAnnotations;
using Kit.Harness;
using Kit.Testing;
using LibGit2Sharp;

namespace Kit.Git.Tests;

/// <summary>Git credentials never reach an error, and never cross the network in clear text unless allowed.</summary>
public sealed class RepositoryCredentialTests
{
    const string Password = "s3cr3t-pw";

    [Theory]
    [InlineData("https://ci:s3cr3t-pw@git.example.com/d.git", "https://***@git.example.com/d.git")]
    [InlineData("https://s3cr3t-pw@git.example.com/d.git", "https://***@git.example.com/d.git")]
    [InlineData("https://ci:s3cr3t-pw@git.example.com:notaport/d.git", "https://***@git.example.com:notaport/d.git")]
    [InlineData("https://ci:s3cr3t@pw@git.example.com/d.git", "https://***@git.example.com/d.git")]
    [InlineData("HTTP://ci:s3cr3t-pw@git.example.com/d.git", "HTTP://***@git.example.com/d.git")]
    [InlineData("fetch of https://ci:s3cr3t-pw@a/d.git failed; retry git://x:s3cr3t-pw@b/e", "fetch of https://***@a/d.git failed; retry git://***@b/e")]
    [InlineData("/srv/git/deployments.git", "/srv/git/deployments.git")]
    [InlineData("https://git.example.com/d.git", "https://git.example.com/d.git")]
    [InlineData("mail ops@example.com", "mail ops@example.com")]
    public void Credentials_in_urls_are_masked(string text, string masked)
    {
        Assert.Equal(masked, GitUrls.Mask(text));
        Assert.Equal(masked, new RepositorySettings { Url = text }.DisplayUrl);
    }

    [Fact]
    public void The_configured_password_is_masked_wherever_it_appears()
    {
        var settings = new RepositorySettings { Url = "https://git.example.com/d.git", Username = "ci", Password = Password };
        Assert.Equal("authentication as ci with *** failed", settings.Mask($"authentication as ci with {Password} failed"));
    }

    [Theory]
    [InlineData("https://ci:s3cr3t-pw@127.0.0.1:1/d.git", null)]
    [InlineData("https://127.0.0.1:1/d.git", Password)]
    [InlineData("http://ci:s3cr3t-pw@127.0.0.1:1/d.git", null)]
    public async Task A_failed_fetch_never_shows_the_password(string url, string? password)
    {
        using var work = new TempDirectory();
        var settings = new RepositorySettings { Url = url, Username = "ci", Password = password, WorkDirectory = work.Path, AllowInsecureHttp = true };

        var error = await Assert.ThrowsAnyAsync<Exception>(() => new RepositoryMirror(settings).FetchAsync(CancellationToken.None));

        Assert.DoesNotContain(Password, error.ToString());
    }

    [Fact]
    public async Task Wrong_credentials_over_http_name_no_password()
    {
        using var origin = BareGitRepository.Create();
        using var server = GitHttpServer.Start(origin.Root, "ci", "t0ken");
        using var work = new TempDirectory();
        var url = server.Url(origin.Name).Replace("http://", $"http://ci:{Password}@", StringComparison.Ordinal);
        var settings = new RepositorySettings { Url = url, WorkDirectory = work.Path, AllowInsecureHttp = true };

        var error = await Assert.ThrowsAnyAsync<LibGit2SharpException>(() => new RepositoryMirror(settings).FetchAsync(CancellationToken.None));

        Assert.DoesNotContain(Password, error.ToString());
    }

    [Theory]
    [InlineData("http://ci:s3cr3t-pw@git.example.com/d.git", null, false, true)]
    [InlineData("http://git.example.com/d.git", Password, false, true)]
    [InlineData("HTTP://git.example.com/d.git", Password, false, true)]
    [InlineData("http://ci:s3cr3t-pw@git.example.com/d.git", null, true, false)]
    [InlineData("http://git.example.com/d.git", Password, true, false)]
    [InlineData("http://git.example.com/d.git", null, false, false)]
    [InlineData("https://ci:s3cr3t-pw@git.example.com/d.git", Password, false, false)]
    [InlineData("/srv/git/d.git", Password, false, false)]
    public void A_password_over_plain_http_is_refused_unless_allowed(string url, string? password, bool allowed, bool refused)
    {
        var settings = new RepositorySettings { Url = url, Password = password, AllowInsecureHttp = allowed };
        var results = new List<ValidationResult>();

        var valid = Validator.TryValidateObject(settings, new ValidationContext(settings), results, validateAllProperties: true);

        Assert.Equal(!refused, valid);
        if (refused)
        {
            var error = Assert.Single(results).ErrorMessage!;
            Assert.Contains("Kit__Repository__AllowInsecureHttp", error);
            Assert.DoesNotContain('\n', error);
            Assert.DoesNotContain(Password, error);
        }
    }

    [Fact]
    public async Task The_mirror_refuses_a_password_over_plain_http_before_sending_it()
    {
        using var origin = BareGitRepository.Create();
        using var server = GitHttpServer.Start(origin.Root, "ci", "t0ken");
        using var work = new TempDirectory();
        var settings = new RepositorySettings { Url = server.Url(origin.Name), Username = "ci", Password = "t0ken", WorkDirectory = work.Path };

        var error = await Assert.ThrowsAsync<InsecureRepositoryException>(() => new RepositoryMirror(settings).FetchAsync(CancellationToken.None));

        Assert.Contains("Kit__Repository__AllowInsecureHttp", error.Message);
        Assert.Equal(0, server.Refused);
        Assert.Equal(origin.Tip, await new RepositoryMirror(new RepositorySettings
        {
            Url = server.Url(origin.Name), Username = "ci", Password = "t0ken", WorkDirectory = work.Path, AllowInsecureHttp = true,
        }).FetchAsync(CancellationToken.None));
    }
}
