# The Kubernetes API simulator (tools/Kit.KubeSim) as a container: the clusters kit deploys to in the
# compose test. The build context is the folder `dotnet publish` wrote Kit.KubeSim to.
ARG RUNTIME_IMAGE=kit-ci/dotnet:10.0
FROM ${RUNTIME_IMAGE}
WORKDIR /app
COPY . .
USER $APP_UID
ENTRYPOINT ["dotnet", "Kit.KubeSim.dll"]
