# Stands in for mcr.microsoft.com/dotnet/aspnet:10.0 where no registry is reachable: the Debian root file
# system that scripts/compose-test.sh made with debootstrap, plus this machine's .NET runtime (the build
# context holds a copy of its dotnet/ folder without the SDK). Same user as Microsoft's image: "app", uid 1654.
ARG BASE_IMAGE=kit-ci/debian:bookworm
FROM ${BASE_IMAGE}
COPY dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet \
 && groupadd --gid 1654 app && useradd --uid 1654 --gid 1654 --create-home --shell /bin/sh app
ENV APP_UID=1654 \
    DOTNET_RUNNING_IN_CONTAINER=true \
    ASPNETCORE_HTTP_PORTS=8080
