using Kit.Git;
using Kit.Hosting;
using Kit.ImageUpdating.Consumers;
using Kit.ImageUpdating.Http;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Kit.ImageUpdating;

/// <summary>Image updating's registrations (<c>ImageBuilt</c> → a commit), for the image-deployer host, <c>kit up</c> and the tests.</summary>
public static class ImageUpdatingRegistration
{
    public const string ServiceName = "image-deployer";

    /// <summary>Settings and the image writer, which runs as a hosted service.</summary>
    public static IHostApplicationBuilder AddImageUpdating(this IHostApplicationBuilder builder)
    {
        builder.Services.AddKitSettings<RepositorySettings>(RepositorySettings.Section);
        builder.Services.AddKitSettings<ImageDeployerSettings>(ImageDeployerSettings.Section);

        builder.Services.AddRepositoryMirror();
        builder.Services.AddSourceRepositories();
        builder.Services.AddSingleton(services => new ImageWriter(
            services.GetRequiredService<RepositoryMirror>(),
            services.GetRequiredService<IOptions<ImageDeployerSettings>>().Value,
            services.GetRequiredService<ILogger<ImageWriter>>(),
            services.GetRequiredService<SourceRepositories>()));
        builder.Services.AddHostedService(services => services.GetRequiredService<ImageWriter>());
        return builder;
    }

    /// <summary>The <c>ImageBuilt</c> consumer.</summary>
    public static IBusRegistrationConfigurator AddImageUpdatingConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ImageBuiltConsumer, ImageBuiltConsumerDefinition>();
        return bus;
    }

    /// <summary><c>POST /api/images</c>: <c>ImageBuilt</c> over HTTP, for a CI that cannot reach the broker.</summary>
    public static IEndpointRouteBuilder MapImagesApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(ImagesApi.Path, ImagesApi.HandleAsync);
        return endpoints;
    }
}
