#!/bin/sh
# Prints what a program started by withsecrets receives.
echo "db_username=$db_username"
echo "db_password=$db_password"
echo "api_timeout=$api_timeout"
echo "max_workers=$max_workers"
echo "SECRETS_JSON=$SECRETS_JSON"
