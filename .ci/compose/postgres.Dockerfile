# Stands in for postgres:16: Debian's PostgreSQL server, whose entrypoint reads the variables of the
# official image that docker-compose.yml sets (POSTGRES_USER, POSTGRES_PASSWORD_FILE, POSTGRES_DB).
ARG BASE_IMAGE=kit-ci/debian:bookworm
FROM ${BASE_IMAGE}
COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
RUN for c in $(pg_lsclusters -h | awk '{print $1"/"$2}'); do pg_dropcluster "${c%/*}" "${c#*/}"; done \
 && ln -s "$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)" /usr/local/lib/postgresql-bin \
 && mkdir -p /var/lib/postgresql/data /var/run/postgresql \
 && chown -R postgres:postgres /var/lib/postgresql /var/run/postgresql && chmod 700 /var/lib/postgresql/data
ENV PGDATA=/var/lib/postgresql/data \
    PATH=/usr/local/lib/postgresql-bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
USER postgres
EXPOSE 5432
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["postgres"]
