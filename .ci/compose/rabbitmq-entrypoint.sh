#!/bin/sh
# The official image's entrypoint prepares the environment and runs its arguments; here nothing needs preparing.
exec "$@"
