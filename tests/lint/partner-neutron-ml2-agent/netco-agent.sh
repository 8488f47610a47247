#!/bin/sh
exec neutron-netco-agent "$@"
