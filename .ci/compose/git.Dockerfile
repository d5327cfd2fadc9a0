# The deployments repository's server in the compose test: `git daemon` serving /srv/git over git://,
# pushes allowed, as an unprivileged user.
ARG BASE_IMAGE=kit-ci/debian:bookworm
FROM ${BASE_IMAGE}
RUN useradd --uid 1654 --create-home --shell /bin/sh git
USER git
EXPOSE 9418
ENTRYPOINT ["git", "daemon", "--reuseaddr", "--export-all", "--enable=receive-pack", "--base-path=/srv/git", "--listen=0.0.0.0", "--port=9418", "/srv/git"]
