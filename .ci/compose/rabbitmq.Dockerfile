# Stands in for rabbitmq:3.13-management: Debian's rabbitmq-server with the management plugin, started as
# the official image starts it (docker-entrypoint.sh rabbitmq-server, settings in /etc/rabbitmq/conf.d).
ARG BASE_IMAGE=kit-ci/debian:bookworm
FROM ${BASE_IMAGE}
COPY rabbitmq-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
RUN mkdir -p /etc/rabbitmq/conf.d \
 && echo '[rabbitmq_management].' > /etc/rabbitmq/enabled_plugins \
 && printf 'loopback_users.guest = false\nlisteners.tcp.default = 5672\nmanagement.tcp.port = 15672\nlog.console = true\nlog.file = false\n' \
      > /etc/rabbitmq/conf.d/10-defaults.conf \
 && chown -R rabbitmq:rabbitmq /etc/rabbitmq /var/lib/rabbitmq /var/log/rabbitmq
USER rabbitmq
EXPOSE 5672 15672
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["rabbitmq-server"]
