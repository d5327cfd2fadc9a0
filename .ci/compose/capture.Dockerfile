# Stands in for datalust/seq, which cannot be pulled here: a small HTTP server that accepts what the
# services send (Seq's raw event ingestion, the notifier's webhook) and writes each request to its log.
ARG BASE_IMAGE=kit-ci/debian:bookworm
FROM ${BASE_IMAGE}
COPY capture.py /usr/local/bin/capture.py
RUN useradd --uid 1654 --create-home --shell /bin/sh capture
USER capture
EXPOSE 80 5341
ENTRYPOINT ["python3", "/usr/local/bin/capture.py"]
